"""Python peer of the classic-ops benchmark: OpenCV plus numpy, one image at a time.

This is what a user without Synthaug would write: a Python loop over the images calling
cv2.flip, cv2.warpAffine (INTER_LINEAR, zero border) for rotation and translation, and numpy
for noise, brightness/contrast and cutout, on float32 images in [0, 1] (the same values the
Java side holds). One process is one worker; the harness starts two of them for "both cores"
(processes, not threads: numpy's small-array calls and the loop itself hold the GIL, so two
threads would not use two cores on 28x28 images).

Images and per-image parameters come from files the Java harness wrote, so both sides work on
identical data. Parameter columns (float64, one row per image) match
io.synthaug.bench.classic.BenchImages.
"""

import os
import sys
import time

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_io  # noqa: E402

ANGLE, DX, DY, DXF, DYF, DELTA, FACTOR, CUT_X, CUT_Y, CUT_SIZE = range(10)
PARAM_COUNT = 10
NOISE_STD = 0.05
# The classic stage's defaults, for the chain: rotate +-15 deg, shift up to 1/8 of the side,
# brightness +-0.2, contrast factor in [0.8, 1.2], cutout a quarter of the shorter side.
MAX_DEGREES = 15.0
MAX_SHIFT = 0.125
MAX_BRIGHTNESS = 0.2
MAX_CONTRAST = 0.2
CUTOUT_FRACTION = 0.25

cv2.setNumThreads(1)

sets = {}


def hflip(img, p, rng):
    return cv2.flip(img, 1)


def warp(img, m):
    h, w = img.shape[:2]
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def rotate_by(img, degrees):
    h, w = img.shape[:2]
    # Positive angles turn counter-clockwise on screen about the centre of the pixel grid,
    # as Rotation.rotate does.
    return warp(img, cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), degrees, 1.0))


def shift_by(img, dx, dy):
    return warp(img, np.float32([[1, 0, dx], [0, 1, dy]]))


def rotate(img, p, rng):
    return rotate_by(img, p[ANGLE])


def translate(img, p, rng):
    return shift_by(img, p[DX], p[DY])


def translate_subpixel(img, p, rng):
    return shift_by(img, p[DXF], p[DYF])


def add_noise(img, rng):
    out = rng.standard_normal(img.shape, dtype=np.float32)
    out *= NOISE_STD
    out += img
    np.clip(out, 0.0, 1.0, out=out)
    return out


def noise(img, p, rng):
    return add_noise(img, rng)


def adjust(img, delta, factor):
    # Contrast around each channel's mean, then brightness, clamped: BrightnessContrast.adjust.
    mean = img.mean(axis=(0, 1))
    out = img * np.float32(factor)
    out += (mean * (1.0 - factor) + delta).astype(np.float32)
    np.clip(out, 0.0, 1.0, out=out)
    return out


def brightness_contrast(img, p, rng):
    return adjust(img, p[DELTA], p[FACTOR])


def cut(img, x, y, size):
    h, w = img.shape[:2]
    out = img.copy()
    out[max(y, 0):max(min(y + size, h), 0), max(x, 0):max(min(x + size, w), 0)] = 0
    return out


def cutout(img, p, rng):
    return cut(img, int(p[CUT_X]), int(p[CUT_Y]), int(p[CUT_SIZE]))


def chain(img, p, rng):
    # The six ops in the order of the Java chain, each drawing its parameters here per image
    # as the classic stage does.
    h, w = img.shape[:2]
    out = cv2.flip(img, 1)
    out = rotate_by(out, rng.uniform(-MAX_DEGREES, MAX_DEGREES))
    out = shift_by(out, round(rng.uniform(-MAX_SHIFT * w, MAX_SHIFT * w)),
                   round(rng.uniform(-MAX_SHIFT * h, MAX_SHIFT * h)))
    out = add_noise(out, rng)
    out = adjust(out, rng.uniform(-MAX_BRIGHTNESS, MAX_BRIGHTNESS),
                 rng.uniform(1.0 - MAX_CONTRAST, 1.0 + MAX_CONTRAST))
    size = max(1, round(CUTOUT_FRACTION * min(h, w)))
    return cut(out, int(rng.integers(w)) - size // 2, int(rng.integers(h)) - size // 2, size)


def copy(img, p, rng):
    # The least an op writing a fresh output pays (the Java side's reference row, no target).
    return img.copy()


def png_bytes(img):
    # What a user writing a float image as PNG does: round half up to bytes, and hand OpenCV
    # its BGR order for colour.
    u8 = np.clip(img * np.float32(255) + np.float32(0.5), 0, 255).astype(np.uint8)
    if u8.ndim == 3:
        u8 = u8[:, :, ::-1]
    ok, buf = cv2.imencode(".png", u8)
    if not ok:
        raise ValueError("cv2.imencode failed")
    return buf


def png(img, p, rng):
    # The png suite's peer: encoding to memory; the file's creation is left out on both sides.
    return png_bytes(img)


def png_size(req):
    images, _ = sets[req["set"]]
    return {"meanBytes": float(np.mean([png_bytes(img).size for img in images]))}


def identity(img, p, rng):
    # No work: what the loop and one Python call per image cost (the floor suite's reference).
    return img


OPS = {
    "identity": identity,
    "hflip": hflip,
    "rotate": rotate,
    "translate": translate,
    "translate-subpixel": translate_subpixel,
    "noise": noise,
    "brightness-contrast": brightness_contrast,
    "cutout": cutout,
    "chain": chain,
    "copy": copy,
    "png": png,
}


def read_images(path, count, h, w, c):
    data = np.fromfile(path, dtype="<f4")
    expected = count * h * w * c
    if data.size != expected:
        raise ValueError("%s holds %d floats, expected %d (%d images %dx%dx%d)"
                         % (path, data.size, expected, count, h, w, c))
    # Grayscale as 2-D arrays, as a user holds them and as OpenCV returns them.
    return data.reshape((count, h, w) if c == 1 else (count, h, w, c))


def load(req):
    images = read_images(req["images"], req["count"], req["height"], req["width"], req["channels"])
    params = np.fromfile(req["params"], dtype="<f8").reshape(req["count"], PARAM_COUNT)
    # Plain Python floats per image, as drawn parameters would be in a user's loop.
    sets[req["set"]] = (images, [tuple(row) for row in params.tolist()])
    return {"ok": True, "images": int(images.shape[0])}


def run(req):
    images, params = sets[req["set"]]
    fn = OPS[req["op"]]
    start, end, passes = req["start"], req["end"], req["passes"]
    rng = np.random.default_rng(req["seed"])
    # With "keep", image i's output stays referenced until the next pass replaces it, as in a
    # pipeline that keeps what it makes; otherwise each output is dropped at once.
    kept = [None] * (end - start) if req.get("keep") else None
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(passes):
        if kept is None:
            for i in range(start, end):
                fn(images[i], params[i], rng)
        else:
            for i in range(start, end):
                kept[i - start] = fn(images[i], params[i], rng)
    t1 = time.perf_counter()
    cpu1 = time.process_time()
    # perf_counter is CLOCK_MONOTONIC on Linux, shared by the workers, so the harness can take
    # the span from the first start to the last end across processes.
    return {"t0": t0, "t1": t1, "cpu": cpu1 - cpu0, "images": (end - start) * passes}


def check(req):
    """Compares this side's output on the first images with the Java side's (from a file)."""
    images, params = sets[req["set"]]
    count = req["count"]
    shape = images.shape[1:]
    java = np.fromfile(req["java"], dtype="<f4").reshape((count,) + shape)
    fn = OPS[req["op"]]
    rng = np.random.default_rng(req["seed"])
    ours = np.stack([fn(images[i], params[i], rng) for i in range(count)])
    inputs = images[:count]
    if req["op"] == "noise":
        # Random on both sides: compare the spread of what was added where nothing clamped.
        return {"javaStd": residual_std(java, inputs), "peerStd": residual_std(ours, inputs)}
    diff = np.abs(java.astype(np.float64) - ours.astype(np.float64))
    return {"maxAbs": float(diff.max()), "meanAbs": float(diff.mean())}


def residual_std(out, inputs):
    inside = (out > 0) & (out < 1)
    return float((out[inside].astype(np.float64) - inputs[inside]).std())


def hello(req):
    return {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "opencv": cv2.__version__,
        "numpy": np.__version__,
        "opencvThreads": cv2.getNumThreads(),
        "opencvParallel": cv2.getBuildInformation().split("Parallel framework:")[1].split("\n")[0].strip(),
        "ops": sorted(OPS),
    }


if __name__ == "__main__":
    peer_io.serve({"hello": hello, "load": load, "run": run, "check": check, "png-size": png_size})
