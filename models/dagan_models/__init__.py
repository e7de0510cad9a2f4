"""DaGAN inference networks, official-checkpoint import and ONNX bundle export for dagan-stream."""

__version__ = "0.1.0"
