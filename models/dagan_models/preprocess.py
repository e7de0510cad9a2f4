"""Reading and resizing frames exactly as the reference demo does.

The demo reads uint8 RGB(A) images, calls `skimage.transform.resize(img, (256, 256))` and keeps
the first three channels: img_as_float (uint8 / 255), and when downscaling a Gaussian pre-filter
with sigma = max(0, (in/out - 1) / 2) per axis (scipy.ndimage mode 'mirror'), then bilinear
`scipy.ndimage.zoom(order=1, mode='mirror', grid_mode=True)` and clipping to [min, max] of the
float input (all channels, alpha included).
Aspect ratio is not kept. Grayscale images are replicated to RGB first (the demo itself would
fail on them); an alpha channel is dropped after resizing, as the demo does.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from typing import List, Tuple

import numpy as np

FRAME_SIZE = (256, 256)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp")


def to_rgb_channels(image: np.ndarray) -> np.ndarray:
    """HxW gray -> HxWx3; HxWx2 gray+alpha -> HxWx4 (gray replicated); HxWx3/4 unchanged."""
    if image.ndim == 2:
        return np.stack([image] * 3, axis=-1)
    if image.ndim == 3 and image.shape[2] == 1:
        return np.concatenate([image] * 3, axis=-1)
    if image.ndim == 3 and image.shape[2] == 2:
        return np.concatenate([image[..., :1]] * 3 + [image[..., 1:]], axis=-1)
    if image.ndim == 3 and image.shape[2] in (3, 4):
        return image
    raise ValueError(f"unsupported image shape {image.shape}: expected HxW, HxWx1..4")


def resize_frame(image: np.ndarray, size: Tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """The reference's resize: float64 HxWx3 in [0, 1] (see module doc)."""
    from skimage.transform import resize
    if image.size == 0:
        raise ValueError(f"empty image of shape {image.shape}")
    return resize(to_rgb_channels(image), size)[..., :3]


def read_image(path: str) -> np.ndarray:
    """uint8 (or uint16) array as stored; palette images are expanded to RGB(A)."""
    from PIL import Image
    if not os.path.isfile(path):
        raise FileNotFoundError(f"image not found: {path}")
    try:
        with Image.open(path) as img:
            if img.mode == "P":
                img = img.convert("RGBA" if "transparency" in img.info else "RGB")
            elif img.mode not in ("L", "LA", "RGB", "RGBA", "I;16", "I;16B", "I;16L"):
                img = img.convert("RGB")
            return np.asarray(img)
    except OSError as e:
        raise ValueError(f"cannot read image {path}: {e}") from e


def frame_tensor_layout(frame_hwc: np.ndarray) -> np.ndarray:
    """HxWx3 float -> 3xHxW float32 (the networks' NCHW without batch)."""
    return np.ascontiguousarray(frame_hwc.astype(np.float32).transpose(2, 0, 1))


def list_frame_files(folder: str) -> List[str]:
    files = sorted(f for f in os.listdir(folder) if f.lower().endswith(IMAGE_SUFFIXES))
    if not files:
        raise ValueError(f"driving folder {folder} holds no image frames ({', '.join(IMAGE_SUFFIXES)})")
    return [os.path.join(folder, f) for f in files]


def probe_video(path: str) -> Tuple[int, int, float]:
    """(width, height, fps) of the first video stream, via ffprobe."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise ValueError("reading a video needs the ffmpeg command-line tools (apt-get install ffmpeg); "
                         "or pass a folder of PNG frames as --driving")
    out = subprocess.run([ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=width,height,avg_frame_rate", "-of", "csv=p=0:s=x", path],
                         capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        raise ValueError(f"cannot read video {path}: {out.stderr.strip() or 'no video stream'}")
    width, height, rate = out.stdout.strip().splitlines()[0].split("x")[:3]
    num, _, den = rate.partition("/")
    fps = float(num) / float(den) if den and float(den) != 0 else float(num or 0)
    return int(width), int(height), fps


def read_video(path: str) -> Tuple[List[np.ndarray], float]:
    """All frames as uint8 HxWx3 RGB plus fps, decoded by the ffmpeg CLI."""
    width, height, fps = probe_video(path)
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise ValueError("reading a video needs the ffmpeg command-line tool (apt-get install ffmpeg)")
    proc = subprocess.run([ffmpeg, "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                          capture_output=True)
    if proc.returncode != 0:
        raise ValueError(f"ffmpeg failed to decode {path}: {proc.stderr.decode(errors='replace').strip()}")
    frame_bytes = width * height * 3
    count = len(proc.stdout) // frame_bytes
    if count == 0:
        raise ValueError(f"video {path} has no decodable frames")
    data = np.frombuffer(proc.stdout[: count * frame_bytes], dtype=np.uint8).reshape(count, height, width, 3)
    return list(data), fps


def read_driving(path: str) -> Tuple[List[np.ndarray], float]:
    """Frames of a driving video file or a folder of image frames (fps 25 assumed for folders)."""
    if os.path.isdir(path):
        return [read_image(p) for p in list_frame_files(path)], 25.0
    if not os.path.isfile(path):
        raise FileNotFoundError(f"driving video not found: {path}")
    if path.lower().endswith(IMAGE_SUFFIXES):
        return [read_image(path)], 25.0
    return read_video(path)


def to_uint8_frame(prediction_chw: np.ndarray) -> np.ndarray:
    """3xHxW float in [0, 1] -> HxWx3 uint8 as rint(x * 255), clipped."""
    return np.clip(np.rint(prediction_chw.transpose(1, 2, 0) * 255.0), 0, 255).astype(np.uint8)
