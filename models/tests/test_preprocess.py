"""Frame reading/resizing as the reference demo does it."""
import numpy as np
import pytest
from PIL import Image

from dagan_models.preprocess import (read_driving, read_image, resize_frame, to_rgb_channels, to_uint8_frame)


def test_resize_downscale_uses_antialiasing():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, size=(512, 512, 3), dtype=np.uint8)
    out = resize_frame(image)
    assert out.shape == (256, 256, 3) and out.dtype == np.float64
    assert 0.0 <= out.min() and out.max() <= 1.0
    # white noise averaged over ~2x2 blocks by a Gaussian: far less spread than the input
    assert out.std() < 0.6 * (image / 255.0).std()


def test_identity_size_is_plain_conversion():
    image = np.arange(256 * 256 * 3, dtype=np.uint32).reshape(256, 256, 3).astype(np.uint8)
    assert np.allclose(resize_frame(image), image / 255.0)


def test_gray_and_alpha_conversion():
    gray = np.full((40, 30), 128, dtype=np.uint8)
    assert resize_frame(gray).shape == (256, 256, 3)
    assert np.allclose(resize_frame(gray), 128 / 255.0)
    rgba = np.zeros((40, 30, 4), dtype=np.uint8)
    rgba[..., 0] = 255
    rgba[..., 3] = 10
    out = resize_frame(rgba)
    assert out.shape == (256, 256, 3) and np.allclose(out[..., 0], 1.0) and np.allclose(out[..., 1:], 0.0)
    assert to_rgb_channels(np.zeros((4, 4, 2), np.uint8)).shape == (4, 4, 4)
    with pytest.raises(ValueError, match="unsupported image shape"):
        to_rgb_channels(np.zeros((4, 4, 5), np.uint8))


def test_uint8_output_rounds_and_clips():
    pred = np.array([[[0.0, 0.5, 1.0, 1.2, -0.1, 0.499 / 255, 0.501 / 255]]], dtype=np.float32)  # 1x1x7 -> CHW
    frame = to_uint8_frame(pred.reshape(1, 1, 7).transpose(0, 1, 2))
    assert frame[:, :, 0].tolist() == [[0, 128, 255, 255, 0, 0, 1]]


def test_read_driving_folder_sorted(tmp_path):
    for i in (2, 0, 1):
        Image.fromarray(np.full((8, 6, 3), i * 10, np.uint8)).save(tmp_path / f"f{i:03d}.png")
    (tmp_path / "notes.txt").write_text("ignored")
    frames, fps = read_driving(str(tmp_path))
    assert [int(f[0, 0, 0]) for f in frames] == [0, 10, 20] and fps == 25.0


def test_read_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="image not found"):
        read_image(str(tmp_path / "missing.png"))
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png")
    with pytest.raises(ValueError, match="cannot read image"):
        read_image(str(bad))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="holds no image frames"):
        read_driving(str(tmp_path / "empty"))


@pytest.mark.skipif(__import__("shutil").which("ffmpeg") is None, reason="ffmpeg CLI not installed")
def test_read_video_with_ffmpeg(tmp_path):
    import subprocess
    frames = [np.full((48, 64, 3), (i * 40, 255 - i * 40, 100), np.uint8) for i in range(3)]
    raw = b"".join(f.tobytes() for f in frames)
    video = tmp_path / "drive.mkv"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "64x48", "-r", "10",
                    "-i", "-", "-c:v", "ffv1", "-pix_fmt", "bgr0", str(video)], input=raw, check=True)
    got, fps = read_driving(str(video))
    assert fps == pytest.approx(10.0)
    assert len(got) == 3 and all(np.array_equal(g, f) for g, f in zip(got, frames))  # lossless codec
    corrupt = tmp_path / "corrupt.mp4"
    corrupt.write_bytes(b"\x00" * 100)
    with pytest.raises(ValueError, match="cannot read video"):
        read_driving(str(corrupt))
