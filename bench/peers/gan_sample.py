"""Python peer of the sampling benchmark: the default conditional generator in PyTorch eager
mode (gan_models.Generator), with the weights the Java side exported, in inference mode.

Each call is what a user sampling with PyTorch writes: noise and labels in, G(z, y) under
torch.inference_mode() with batch normalization in eval mode, mapped from [-1, 1] to [0, 1]
and laid out HWC as a contiguous numpy array (the Java samplers hand out HWC images in [0, 1]).
"""

import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gan_models  # noqa: E402
import peer_io  # noqa: E402

state = {}


def hello(req):
    return {"python": sys.version.split()[0], "torch": torch.__version__, "threads": torch.get_num_threads(),
            "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY")}


def setup(req):
    G = gan_models.Generator(req["zDim"], req["base"], req["size"], req["channels"], req["classes"])
    gan_models.load_java_weights(G, req["index"], req["weights"])
    G.eval()
    state.update({"G": G, "zDim": req["zDim"], "classes": req["classes"]})
    return {"parameters": gan_models.count_parameters(G)}


def sample(z, y):
    with torch.inference_mode():
        out = state["G"](z, y)
        return out.add(1.0).mul_(0.5).permute(0, 2, 3, 1).contiguous().numpy()


def check(req):
    """Runs the generator on the Java side's noise and labels and compares with its images."""
    n = req["count"]
    z = torch.from_numpy(np.fromfile(req["noise"], dtype="<f4").reshape(n, state["zDim"]))
    y = torch.from_numpy(np.fromfile(req["labels"], dtype="<i4").astype(np.int64))
    mine = sample(z, y).reshape(-1)
    out = {}
    for key in ("ort", "djl"):
        theirs = np.fromfile(req[key], dtype="<f4")
        if theirs.shape != mine.shape:
            raise ValueError("%s: %d values, the peer made %d" % (key, theirs.size, mine.size))
        out[key] = float(np.max(np.abs(theirs - mine)))
    return out


def run(req):
    threads = gan_models.set_threads(req["threads"])
    batch, calls = req["batch"], req["calls"]
    gen = torch.Generator().manual_seed(req["seed"])
    z = torch.randn(batch, state["zDim"], generator=gen)
    y = torch.randint(0, state["classes"], (batch,), generator=gen)
    sample(z, y)
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(calls):
        sample(z, y)
    t1 = time.perf_counter()
    c1 = time.process_time()
    return {"t0": t0, "t1": t1, "cpu": c1 - c0, "images": batch * calls, "threads": threads}


if __name__ == "__main__":
    peer_io.serve({"hello": hello, "setup": setup, "check": check, "run": run})
