#!/usr/bin/python3
"""The project's small net, trained in PyTorch with the project's recipe and data: the other side of
scripts/compare-pytorch-accuracy.

An independent copy, written from the Java sources, of what `scripts/alexnet train --data DIR --net small`
does; only the random streams differ (weights, batch order, crops, lighting and dropout masks come from
--seed here, from Java's generators there), so two runs agree as closely as two seeds of one side do.

  net        Architectures.small: conv1 48 5x5/2, LRN, pool 3/2; conv2 64 5x5 pad 2 groups 2, LRN,
             pool; conv3 96 3x3; conv4 96 3x3 groups 2; conv5 64 3x3 groups 2, pool; fc6 256, fc7 256
             (ReLU, dropout 0.5), fc8; 300,938 parameters for 10 classes. LRN: the paper's k=2, n=5,
             alpha=1e-4, beta=0.75, each group's maps on their own (pytorch_alexnet.GroupedLRN).
  init       WeightInit.HE: weights N(0, sqrt(2 / fan-in)), fan-in of a grouped conv counting only its
             group's maps; biases 1 in conv2, conv4, conv5, fc6, fc7, 0 elsewhere.
  recipe     Trainer and Sgd: batch 128, the paper's update v = 0.9 v - 0.0005 lr w - lr grad, w += v on
             every parameter (biases decay too), lr 0.01 divided by 10 by PlateauRule/PlateauSchedule
             (ported below); the mean cross-entropy of the batch; full batches only.
  data       the ILSVRC-layout folder that `scripts/alexnet import-idx` writes (train/<wnid>/*.png,
             val/<wnid>/*.png; labels in sorted wnid order), at stored size 64 (TrainCommand's default
             for the small net); images of another size are rescaled with PIL's Lanczos, close to the
             project's SquareRescaler but not identical (import with --size 64 to avoid it).
  batches    TrainingBatches and CropView: a random 57x57 crop, mirrored with probability 1/2, minus the
             mean image at the same stored positions, plus the PCA lighting offset (alphas N(0, 0.1) per
             image), times 1/64; validation: the centre crop, no lighting (EvaluationBatches.centre).
  statistics StatisticsAccumulator and PcaLighting: the mean image over the training split, the 3x3 RGB
             covariance in [0, 1] units (exact integer sums, the same arithmetic), its eigenvectors with
             the largest component positive; --statistics FILE checks both against the project's
             statistics.bin (the same images must give the same numbers).

Each epoch prints a line like the Java trainer's and appends a row to RUN/metrics.csv in the format of
the project's metrics.csv, so that one reader serves both.
"""
import argparse
import collections
import math
import os
import struct
import sys
import time

import openblas_coretype

CORETYPE = openblas_coretype.choose()  # before numpy or torch loads OpenBLAS

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402
from torch import nn  # noqa: E402

from pytorch_alexnet import GroupedLRN  # noqa: E402

# Architectures.small and TrainCommand's defaults for --data runs.
STORED, CROP, INPUT_SCALE = 64, 57, 1 / 64
LEARNING_RATE, MOMENTUM, WEIGHT_DECAY = 0.01, 0.9, 0.0005
LIGHTING_SIGMA = 0.1  # PcaLighting.PAPER_SIGMA
DROP = 0.5
CSV_HEADER = ("epoch,step,learning_rate,train_loss,train_top1_error,val_loss,val_top1_error,val_top5_error,"
              "images_per_s,seconds,val_seconds")  # EpochMetrics.CSV_HEADER


class PaperDropout(nn.Module):
    """Dropout as the paper and the project's DropoutLayer: while training each output is zeroed with
    probability p and the others pass unchanged; at test time all pass, times 1 - p.

    Not nn.Dropout, which instead multiplies the kept outputs by 1 / (1 - p) = 2 while training and passes
    them unchanged at test time. Both give every layer the same expected input, but with nn.Dropout the next
    layer's weights would play the role of the paper's weights halved: the same SGD steps (and the same
    initialisation, and the same weight decay) would then move the function differently, as a higher
    learning rate does. The recipe is compared here, so the paper's form is used.
    """

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if self.training:
            return x * (torch.rand_like(x) >= self.p)
        return x * (1 - self.p)


def small_net(classes):
    layers = [
        ("conv1", nn.Conv2d(3, 48, 5, stride=2)), ("relu1", nn.ReLU()),                  # 48x27x27
        ("norm1", GroupedLRN()), ("pool1", nn.MaxPool2d(3, 2)),                          # 48x13x13
        ("conv2", nn.Conv2d(48, 64, 5, padding=2, groups=2)), ("relu2", nn.ReLU()),      # 64x13x13
        ("norm2", GroupedLRN()), ("pool2", nn.MaxPool2d(3, 2)),                          # 64x6x6
        ("conv3", nn.Conv2d(64, 96, 3, padding=1)), ("relu3", nn.ReLU()),                # 96x6x6
        ("conv4", nn.Conv2d(96, 96, 3, padding=1, groups=2)), ("relu4", nn.ReLU()),      # 96x6x6
        ("conv5", nn.Conv2d(96, 64, 3, padding=1, groups=2)), ("relu5", nn.ReLU()),      # 64x6x6
        ("pool5", nn.MaxPool2d(3, 2)), ("flatten", nn.Flatten()),                        # 256
        ("fc6", nn.Linear(256, 256)), ("relu6", nn.ReLU()), ("drop6", PaperDropout(DROP)),
        ("fc7", nn.Linear(256, 256)), ("relu7", nn.ReLU()), ("drop7", PaperDropout(DROP)),
        ("fc8", nn.Linear(256, classes)),  # softmax is in the cross-entropy loss
    ]
    net = nn.Sequential(collections.OrderedDict(layers))
    for name, layer in net.named_children():
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            fan_in = layer.weight[0].numel()  # a grouped conv's kernel reads only its group's maps
            nn.init.normal_(layer.weight, 0.0, math.sqrt(2.0 / fan_in))
            nn.init.constant_(layer.bias, 1.0 if name in ("conv2", "conv4", "conv5", "fc6", "fc7") else 0.0)
    return net


class PlateauSchedule:
    """PlateauRule and PlateauSchedule, line for line: whether to divide the rate by 10 after an epoch."""

    WINDOW, MIN_IMPROVEMENT, MAX_DROPS = 3, 0.01, 3

    def __init__(self, epochs):
        # PlateauRule.defaultPatience: Java's Math.round, i.e. halves round up (Python's round would not).
        self.patience = max(2, math.floor(epochs / 10 + 0.5))
        self.recent = []
        self.best_average = math.inf
        self.epochs_since_best = 0
        self.wait_left = 0
        self.drops = 0

    def record(self, validation_error):
        self.recent = (self.recent + [validation_error])[-self.WINDOW:]
        average = sum(self.recent) / len(self.recent)
        if average < self.best_average * (1 - self.MIN_IMPROVEMENT):
            self.best_average = average
            self.epochs_since_best = 0
            return False
        if self.wait_left > 0:
            self.wait_left -= 1
            return False
        self.epochs_since_best += 1
        if self.epochs_since_best < self.patience or self.drops >= self.MAX_DROPS:
            return False
        self.drops += 1
        self.epochs_since_best = 0
        self.wait_left = self.patience
        return True


def read_split(root, split, wnids):
    """uint8 images N x 3 x STORED x STORED (CHW, RGB) and int64 labels of ROOT/SPLIT/<wnid>/*."""
    files = [(os.path.join(root, split, wnid, name), label) for label, wnid in enumerate(wnids)
             for name in sorted(os.listdir(os.path.join(root, split, wnid)))]
    images = np.empty((len(files), 3, STORED, STORED), np.uint8)
    started = time.perf_counter()
    for i, (file, _) in enumerate(files):
        with Image.open(file) as image:
            image = image.convert("RGB")
            if image.size != (STORED, STORED):
                # SquareRescaler: shorter side to STORED, the central square.
                w, h = image.size
                side = min(w, h)
                image = image.resize((STORED, STORED), Image.LANCZOS,
                                     box=((w - side) / 2, (h - side) / 2, (w + side) / 2, (h + side) / 2))
            images[i] = np.asarray(image).transpose(2, 0, 1)
        if (i + 1) % 5000 == 0:
            print(f"  read {i + 1}/{len(files)} {split} images ({time.perf_counter() - started:.0f} s)", flush=True)
    return images, np.array([label for _, label in files], np.int64)


class Statistics:
    """StatisticsAccumulator.result() and PcaLighting.fromCovariance, in the same arithmetic."""

    def __init__(self, images):
        count = len(images)
        pixel_sums = np.zeros(images.shape[1:], np.int64)
        rgb_sums = np.zeros(3, np.int64)
        products = np.zeros((3, 3), np.int64)
        for first in range(0, count, 500):  # int64 copies of 500 images at a time: 49 MB
            chunk = images[first:first + 500].astype(np.int64)
            pixel_sums += chunk.sum(axis=0)
            rgb = chunk.transpose(1, 0, 2, 3).reshape(3, -1)
            rgb_sums += rgb.sum(axis=1)
            products += rgb @ rgb.T
        self.count = count
        self.mean_image = (pixel_sums / count).astype(np.float32)  # double, then float, as Java
        n = count * STORED * STORED
        m = rgb_sums / n / 255.0
        self.covariance = products / n / (255.0 * 255.0) - np.outer(m, m)
        values, vectors = np.linalg.eigh(self.covariance)
        order = np.argsort(values)[::-1]
        self.eigenvalues = np.maximum(values[order], 0)  # a covariance is positive semi-definite
        self.eigenvectors = vectors[:, order].T.copy()   # [i] belongs to eigenvalues[i]
        for v in self.eigenvectors:
            if v[np.argmax(np.abs(v))] < 0:              # the sign Java fixes: largest component positive
                v *= -1

    def lighting(self, alphas):
        """PcaLighting.offset for each row of alphas: 255 * sum_i alpha_i l_i p_i, RGB in 0..255 units."""
        return (255 * (alphas * self.eigenvalues) @ self.eigenvectors).astype(np.float32)

    def check(self, file):
        """Fails unless the project's statistics.bin (TrainingStatistics.save) holds the same numbers."""
        with open(file, "rb") as stream:
            data = stream.read()
        magic, version, size, count = struct.unpack(">iiiq", data[:20])
        if (magic, version, size) != (0x414C5853, 1, STORED) or len(data) != 20 + 72 + 12 * size * size:
            sys.exit(f"pytorch_small_net: {file}: not a version-1 statistics file at {STORED} px")
        covariance = np.array(struct.unpack(">9d", data[20:92])).reshape(3, 3)
        mean = np.frombuffer(data, ">f4", offset=92).reshape(3, size, size)
        mean_difference = float(np.abs(mean - self.mean_image).max())
        covariance_difference = float(np.abs(covariance - self.covariance).max())
        print(f"statistics: {self.count} images, mean pixel {self.mean_image.mean():.3f}, lighting eigenvalues "
              f"{', '.join(f'{v:.4g}' for v in self.eigenvalues)}; against {file}: {count} images, largest "
              f"difference {mean_difference:.2g} in the mean image, {covariance_difference:.2g} in the covariance",
              flush=True)
        if count != self.count or mean_difference > 1e-3 or covariance_difference > 1e-9:
            sys.exit("pytorch_small_net: the two sides read different training images; compare no further")


def training_batch(images, statistics, indices, rng):
    """CropView.write for a random crop, mirror and lighting of each image: (pixel - mean + light) * scale."""
    x = rng.integers(0, STORED - CROP + 1, len(indices))
    y = rng.integers(0, STORED - CROP + 1, len(indices))
    mirror = rng.random(len(indices)) < 0.5
    light = statistics.lighting(rng.normal(0.0, LIGHTING_SIGMA, (len(indices), 3)))
    batch = np.empty((len(indices), 3, CROP, CROP), np.float32)
    for k, i in enumerate(indices):
        window = np.s_[:, y[k]:y[k] + CROP, x[k]:x[k] + CROP]
        view = images[i][window] - statistics.mean_image[window]  # the mean at the same stored positions
        batch[k] = view[:, :, ::-1] if mirror[k] else view
        batch[k] += light[k][:, None, None]
    return torch.from_numpy(batch * np.float32(INPUT_SCALE))


def errors(probabilities, labels):
    """Accuracy.countErrors: top-1 and top-5 misses, a tie with the label counting against it."""
    truth = probabilities.gather(1, labels[:, None])
    higher = (probabilities > truth).sum(1) + (probabilities == truth).sum(1) - 1
    return int((higher >= 1).sum()), int((higher >= 5).sum())


def evaluate(net, images, labels, statistics):
    """Centre crop of every validation image: mean loss, top-1 and top-5 error (Evaluator)."""
    net.eval()
    at = (STORED - CROP) // 2
    mean = statistics.mean_image[:, at:at + CROP, at:at + CROP]
    loss, top1, top5 = 0.0, 0, 0
    with torch.no_grad():
        for first in range(0, len(images), 500):
            views = images[first:first + 500, :, at:at + CROP, at:at + CROP] - mean
            probabilities = torch.softmax(net(torch.from_numpy(views * np.float32(INPUT_SCALE))), 1)
            target = torch.from_numpy(labels[first:first + 500])
            loss -= float(probabilities.gather(1, target[:, None]).clamp(min=1e-30).double().log().sum())
            e1, e5 = errors(probabilities, target)
            top1, top5 = top1 + e1, top5 + e5
    net.train()
    return loss / len(images), top1 / len(images), top5 / len(images)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="folder written by `scripts/alexnet import-idx`")
    parser.add_argument("--run", required=True, help="folder for metrics.csv (created)")
    parser.add_argument("--epochs", type=int, default=90, help="default 90, as `train --data`")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--statistics", help="the project's statistics.bin of the same data, to check against")
    args = parser.parse_args()
    if min(args.epochs, args.batch, args.threads) < 1:
        parser.error("--epochs, --batch and --threads must be >= 1")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    wnids = sorted(entry for entry in os.listdir(os.path.join(args.data, "train"))
                   if os.path.isdir(os.path.join(args.data, "train", entry)))
    train_images, train_labels = read_split(args.data, "train", wnids)
    val_images, val_labels = read_split(args.data, "val", wnids)
    statistics = Statistics(train_images)
    if args.statistics:
        statistics.check(args.statistics)
    net = small_net(len(wnids))
    parameters = list(net.parameters())
    velocities = [torch.zeros_like(p) for p in parameters]
    schedule = PlateauSchedule(args.epochs)
    steps = len(train_images) // args.batch  # TrainingBatches: full batches only
    print(f"pytorch {torch.__version__}: small net, {sum(p.numel() for p in parameters):,} parameters, "
          f"{len(train_images)} training and {len(val_images)} validation images of {len(wnids)} classes, "
          f"batch {args.batch}, {torch.get_num_threads()} threads, OpenBLAS core type {CORETYPE}, seed {args.seed}",
          flush=True)

    os.makedirs(args.run, exist_ok=True)
    csv = os.path.join(args.run, "metrics.csv")
    with open(csv, "w") as out:
        out.write(CSV_HEADER + "\n")
    rate, step = LEARNING_RATE, 0
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        order = rng.permutation(len(train_images))
        loss_sum, top1 = 0.0, 0
        for s in range(steps):
            indices = order[s * args.batch:(s + 1) * args.batch]
            target = torch.from_numpy(train_labels[indices])
            logits = net(training_batch(train_images, statistics, indices, rng))
            loss = nn.functional.cross_entropy(logits, target)
            if not math.isfinite(loss.item()):  # as the Java trainer: stop before the update
                sys.exit(f"pytorch_small_net: the loss became {loss.item()} at step {step} (epoch {epoch})")
            for p in parameters:
                p.grad = None
            loss.backward()
            with torch.no_grad():
                for p, v in zip(parameters, velocities):  # Sgd.update
                    v.mul_(MOMENTUM).add_(p, alpha=-WEIGHT_DECAY * rate).add_(p.grad, alpha=-rate)
                    p.add_(v)
            step += 1
            loss_sum += loss.item() * args.batch
            top1 += errors(torch.softmax(logits.detach(), 1), target)[0]
        seconds = time.perf_counter() - started
        val_loss, val_top1, val_top5 = evaluate(net, val_images, val_labels, statistics)
        val_seconds = time.perf_counter() - started - seconds
        images = steps * args.batch
        print(f"epoch {epoch}: train loss {loss_sum / images:.4f}, top-1 error {100 * top1 / images:.2f}% | "
              f"val loss {val_loss:.4f}, top-1 {100 * val_top1:.2f}%, top-5 {100 * val_top5:.2f}% | "
              f"{images / seconds:.1f} img/s | lr {rate:.3g}", flush=True)
        with open(csv, "a") as out:
            out.write(f"{epoch},{step},{rate:.6g},{loss_sum / images:.6f},{top1 / images:.6f},{val_loss:.6f},"
                      f"{val_top1:.6f},{val_top5:.6f},{images / seconds:.2f},{seconds:.2f},{val_seconds:.2f}\n")
        if schedule.record(val_top1):
            rate /= 10
            print(f"learning rate divided by 10, {rate:.3g} from epoch {epoch + 1} on "
                  f"(drop {schedule.drops} of {schedule.MAX_DROPS})", flush=True)


if __name__ == "__main__":
    main()
