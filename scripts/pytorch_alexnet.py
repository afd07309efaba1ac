#!/usr/bin/python3
"""The paper's AlexNet in PyTorch, timed on random data: the other side of scripts/bench-vs-pytorch.

Layer by layer the net of `scripts/alexnet info` (Architectures.alexnet): 227x227 input, groups 2
in conv2, conv4, conv5, LRN (n=5, k=2, alpha=1e-4, beta=0.75) applied to each group's maps on
their own, overlapping max-pool 3/2, dropout 0.5 after fc6 and fc7; 60,965,224 parameters.

A training step is forward, cross-entropy, backward and an SGD step (momentum 0.9, weight decay
5e-4); an inference step is a forward pass in eval mode under no_grad. One warm-up step of each,
then --steps timed ones. The last line, RESULT key=value ..., is read by bench-vs-pytorch.

--device cuda runs it on a GPU (cuDNN), in strict FP32 (TF32 off, as the Java kernels compute), each
step timed to its end (torch.cuda.synchronize): the reference beside `alexnet-tornado bench` on that card.
"""
import argparse
import collections
import time

import openblas_coretype

CORETYPE = openblas_coretype.choose()  # before torch loads OpenBLAS

import torch  # noqa: E402
from torch import nn


class GroupedLRN(nn.Module):
    """b = a / (k + alpha * sum of a^2 over n neighbouring maps)^beta, each group of maps on its own.

    PyTorch's LocalResponseNorm divides alpha by n; it is given alpha * n to get the paper's formula.
    """

    def __init__(self, groups=2, n=5, k=2.0, alpha=1e-4, beta=0.75):
        super().__init__()
        self.groups = groups
        self.lrn = nn.LocalResponseNorm(n, alpha=alpha * n, beta=beta, k=k)

    def forward(self, x):
        return torch.cat([self.lrn(part) for part in x.chunk(self.groups, dim=1)], dim=1)


def alexnet(classes=1000, lrn=True):
    layers = [
        ("conv1", nn.Conv2d(3, 96, 11, stride=4)), ("relu1", nn.ReLU()),                 # 96x55x55
        ("norm1", GroupedLRN()), ("pool1", nn.MaxPool2d(3, 2)),                          # 96x27x27
        ("conv2", nn.Conv2d(96, 256, 5, padding=2, groups=2)), ("relu2", nn.ReLU()),     # 256x27x27
        ("norm2", GroupedLRN()), ("pool2", nn.MaxPool2d(3, 2)),                          # 256x13x13
        ("conv3", nn.Conv2d(256, 384, 3, padding=1)), ("relu3", nn.ReLU()),              # 384x13x13
        ("conv4", nn.Conv2d(384, 384, 3, padding=1, groups=2)), ("relu4", nn.ReLU()),    # 384x13x13
        ("conv5", nn.Conv2d(384, 256, 3, padding=1, groups=2)), ("relu5", nn.ReLU()),    # 256x13x13
        ("pool5", nn.MaxPool2d(3, 2)), ("flatten", nn.Flatten()),                        # 9216
        ("fc6", nn.Linear(256 * 6 * 6, 4096)), ("relu6", nn.ReLU()), ("drop6", nn.Dropout(0.5)),
        ("fc7", nn.Linear(4096, 4096)), ("relu7", nn.ReLU()), ("drop7", nn.Dropout(0.5)),
        ("fc8", nn.Linear(4096, classes)),  # softmax is in the cross-entropy loss
    ]
    if not lrn:
        layers = [(name, layer) for name, layer in layers if not name.startswith("norm")]
    net = nn.Sequential(collections.OrderedDict(layers))
    # The paper's initialisation, as the Java side: weights N(0, 0.01), biases 1 in conv2, conv4,
    # conv5, fc6, fc7 and 0 elsewhere (it keeps activations away from denormals, which are slow).
    for name, layer in net.named_children():
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.normal_(layer.weight, 0.0, 0.01)
            nn.init.constant_(layer.bias, 1.0 if name in ("conv2", "conv4", "conv5", "fc6", "fc7") else 0.0)
    return net


def timed(step, warmup, steps, sync):
    for _ in range(warmup):
        step()
    sync()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        sync()
        times.append(time.perf_counter() - start)
    return min(times), sum(times) / len(times)


def peak_rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--steps", type=int, default=2, help="timed steps after one warm-up (default 2)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--classes", type=int, default=1000)
    parser.add_argument("--no-lrn", action="store_true", help="the no-lrn ablation: both LRN layers removed")
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    args = parser.parse_args()
    if min(args.batch, args.threads, args.steps, args.classes) < 1 or args.warmup < 0:
        parser.error("--batch, --threads, --steps and --classes must be >= 1, --warmup >= 0")

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    device = torch.device(args.device)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cudnn.benchmark = True
    net = alexnet(args.classes, lrn=not args.no_lrn).to(device)
    params = sum(p.numel() for p in net.parameters())
    images = (torch.randn(args.batch, 3, 227, 227) * 50).to(device)  # about the spread of raw pixels
    labels = torch.randint(args.classes, (args.batch,)).to(device)
    loss_fn = nn.CrossEntropyLoss()
    sgd = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

    def train_step():
        sgd.zero_grad(set_to_none=True)
        loss = loss_fn(net(images), labels)
        loss.backward()
        sgd.step()

    def inference_step():
        with torch.no_grad():
            net(images)

    net.train()
    train_best, train_mean = timed(train_step, args.warmup, args.steps, sync)
    net.eval()
    infer_best, infer_mean = timed(inference_step, args.warmup, args.steps, sync)

    where = (f"{torch.cuda.get_device_name(device)}, cuDNN {torch.backends.cudnn.version()}, FP32 without TF32"
             if device.type == "cuda" else f"{torch.get_num_threads()} threads, OpenBLAS core type {CORETYPE}")
    print(f"pytorch {torch.__version__}: alexnet{'-no-lrn' if args.no_lrn else ''}, {params:,} parameters, "
          f"batch {args.batch}, {where}, best/mean of {args.steps} steps after {args.warmup} warm-up")
    print(f"  training step  best {train_best * 1e3:8.0f} ms  mean {train_mean * 1e3:8.0f} ms  "
          f"({args.batch / train_mean:.1f} images/s at the mean)")
    print(f"  inference step best {infer_best * 1e3:8.0f} ms  mean {infer_mean * 1e3:8.0f} ms  "
          f"({args.batch / infer_mean:.1f} images/s at the mean)")
    print(f"RESULT params={params} threads={torch.get_num_threads()} train_best_ms={train_best * 1e3:.1f} "
          f"train_mean_ms={train_mean * 1e3:.1f} infer_best_ms={infer_best * 1e3:.1f} "
          f"infer_mean_ms={infer_mean * 1e3:.1f} vmhwm_kib={peak_rss_kib()}")


if __name__ == "__main__":
    main()
