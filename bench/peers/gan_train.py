"""Python peer of the GAN training benchmark: the default conditional GAN of plugins/gan in
PyTorch eager mode (models in gan_models.py), trained the way DjlGanTrainer trains it.

One step, as DjlGanTrainer's CGAN step: a real batch and its labels, noise, one generator pass
G(z, y) in training mode; one discriminator update on D(cat(real, fake.detach())) with the
non-saturating loss softplus(-D(real)) + softplus(D(fake)); one generator update on
softplus(-D(fake, y)) reusing the same generator pass; then the moving average of the
generator's parameters and batch-norm statistics with decay min(0.999, (1 + t) / (10 + t)).
Adam (torch.optim.Adam, lr 2e-4, betas as given) for both networks. The losses are read back
every step (.item()), as the Java trainer reads them for its divergence check and progress.

Also measures the fp32 matrix-multiply rate the process can reach: oneDNN's inner product
(torch.utils.mkldnn), torch.mm and numpy.matmul (Debian builds both against the generic BLAS).
"""

import copy
import ctypes
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gan_models  # noqa: E402
import peer_io  # noqa: E402

state = {}


def hello(req):
    return {
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "numpy": np.__version__,
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY"),
        "ompNumThreads": os.environ.get("OMP_NUM_THREADS"),
        "config": torch.__config__.show().strip().splitlines()[:8],
    }


def setup(req):
    torch.manual_seed(req["seed"])
    gen = torch.Generator().manual_seed(req["seed"])
    count, ch, size = req["count"], req["channels"], req["size"]
    images = np.fromfile(req["images"], dtype="<f4").reshape(count, ch, size, size)
    labels = np.fromfile(req["labels"], dtype="<i4")
    G = gan_models.Generator(req["zDim"], req["base"], size, ch, req["classes"])
    D = gan_models.Discriminator(req["base"], size, ch, req["classes"])
    gan_models.dcgan_init(G, gen)
    gan_models.dcgan_init(D, gen)
    betas = (req["beta1"], req["beta2"])
    state.update({
        "images": torch.from_numpy(images.copy()),
        "labels": torch.from_numpy(labels.astype(np.int64)),
        "G": G.train(), "D": D.train(), "avg": copy.deepcopy(G),
        "optG": torch.optim.Adam(G.parameters(), lr=req["lr"], betas=betas),
        "optD": torch.optim.Adam(D.parameters(), lr=req["lr"], betas=betas),
        "batch": req["batch"], "zDim": req["zDim"], "ema": req["ema"],
        "gen": gen, "order": torch.randperm(count, generator=gen), "cursor": 0, "step": 0,
    })
    return {"generatorParameters": gan_models.count_parameters(G),
            "discriminatorParameters": gan_models.count_parameters(D)}


def next_batch():
    n = state["batch"]
    order = state["order"]
    if state["cursor"] + n > len(order):
        state["order"] = order = torch.randperm(len(order), generator=state["gen"])
        state["cursor"] = 0
    idx = order[state["cursor"]:state["cursor"] + n]
    state["cursor"] += n
    return state["images"][idx], state["labels"][idx]


def train_step():
    G, D, n = state["G"], state["D"], state["batch"]
    real, y = next_batch()
    z = torch.randn(n, state["zDim"], generator=state["gen"])
    fake = G(z, y)
    scores = D(torch.cat([real, fake.detach()]), torch.cat([y, y]))
    d_loss = F.softplus(-scores[:n]).mean() + F.softplus(scores[n:]).mean()
    state["optD"].zero_grad(set_to_none=True)
    d_loss.backward()
    state["optD"].step()
    g_loss = F.softplus(-D(fake, y)).mean()
    state["optG"].zero_grad(set_to_none=True)
    g_loss.backward()
    state["optG"].step()
    t = state["step"]
    decay = min(state["ema"], (1.0 + t) / (10.0 + t))
    with torch.no_grad():
        avg = state["avg"]
        for a, p in zip(avg.parameters(), G.parameters()):
            a.mul_(decay).add_(p, alpha=1.0 - decay)
        for a, p in zip(avg.buffers(), G.buffers()):
            if a.dtype.is_floating_point:
                a.mul_(decay).add_(p, alpha=1.0 - decay)
    state["step"] = t + 1
    return d_loss.item(), g_loss.item(), scores[:n].mean().item(), scores[n:].mean().item()


def train(req):
    threads = gan_models.set_threads(req["threads"])
    for _ in range(req.get("warmup", 0)):
        train_step()
    steps = req["steps"]
    c0 = time.process_time()
    t0 = time.perf_counter()
    last = None
    for _ in range(steps):
        last = train_step()
    t1 = time.perf_counter()
    c1 = time.process_time()
    return {"t0": t0, "t1": t1, "cpu": c1 - c0, "images": steps * state["batch"], "threads": threads,
            "losses": last}


def openblas_threads(n):
    """Sets OpenBLAS's own thread count where numpy uses OpenBLAS; a no-op for the generic BLAS."""
    for lib in ("libopenblas.so.0", "libopenblasp-r0.3.21.so"):
        try:
            ctypes.CDLL(lib).openblas_set_num_threads(n)
        except (OSError, AttributeError):
            pass


def timed(fn, seconds, flops):
    fn()
    k = 0
    t0 = time.perf_counter()
    while True:
        fn()
        k += 1
        dt = time.perf_counter() - t0
        if dt >= seconds and k >= 2:
            return flops * k / dt / 1e9


def matmul(req):
    n, threads, seconds = req["n"], req["threads"], req["seconds"]
    gan_models.set_threads(threads)
    openblas_threads(threads)
    gen = torch.Generator().manual_seed(1)
    a = torch.randn(n, n, generator=gen)
    b = torch.randn(n, n, generator=gen)
    flops = 2.0 * n * n * n
    out = {"n": n, "threads": torch.get_num_threads()}
    with torch.no_grad():
        try:
            import torch.utils.mkldnn as mkldnn_utils
            lin = torch.nn.Linear(n, n, bias=False)
            lin.weight.copy_(b.t())
            lin_mkldnn = mkldnn_utils.to_mkldnn(lin)
            a_mkldnn = a.to_mkldnn()
            out["onednn"] = timed(lambda: lin_mkldnn(a_mkldnn), seconds, flops)
        except (RuntimeError, AttributeError) as e:
            out["onednnError"] = str(e).splitlines()[0]
        # The generic BLAS is slow; a short, fixed number of runs keeps the repetition short.
        out["torchMm"] = timed(lambda: torch.mm(a, b), 0.0, flops)
        an, bn = a.numpy(), b.numpy()
        out["numpy"] = timed(lambda: an @ bn, 0.0, flops)
    return out


def profile(req):
    """Self CPU time per op over a few steps (torch.autograd.profiler), as a text table."""
    gan_models.set_threads(req["threads"])
    for _ in range(3):
        train_step()
    steps = req["steps"]
    with torch.autograd.profiler.profile() as prof:
        for _ in range(steps):
            train_step()
    table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=25)
    return {"table": table, "steps": steps}


if __name__ == "__main__":
    peer_io.serve({"hello": hello, "setup": setup, "train": train, "matmul": matmul, "profile": profile})
