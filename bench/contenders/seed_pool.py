"""numpool bench's Python contender: the seed's own f on multiprocessing.Pool.map.

Reads one JSON job per line on stdin and answers each with one JSON line on
stdout. Numbers travel as base64 of little-endian doubles, so no bit is lost.
Standard library only.
"""

import base64
import json
import math
import sys
import time
from array import array
from functools import partial
from multiprocessing import Pool


# The seed's functions, with its constants (100000 and 0.1, or 10000000 and
# 0.01) as parameters.
def square(x):
    return x * x


def log_accumulate(x, iterations, step):
    fixed = x
    for i in range(iterations):
        ret = math.log(fixed)
        fixed += step
    return ret


def log_sum(x, iterations, step):
    fixed = x
    total = 0
    for i in range(iterations):
        total += math.log(fixed)
        fixed += step
    return total


def kernel(name, params):
    if name == "square":
        return square
    f = {"logAccumulate": log_accumulate, "logSum": log_sum}[name]
    return partial(f, iterations=int(params["iterations"]), step=params["step"])


def decode(text):
    values = array("d")
    values.frombytes(base64.b64decode(text))
    if sys.byteorder != "little":
        values.byteswap()
    return values.tolist()


def encode(values):
    doubles = array("d", values)
    if sys.byteorder != "little":
        doubles.byteswap()
    return base64.b64encode(doubles.tobytes()).decode("ascii")


def startup(job):
    """Seconds from creating a pool to its first map's result, `runs` times."""
    xs = decode(job["input"])
    samples = []
    for _ in range(job["runs"]):
        started = time.perf_counter()
        pool = Pool(processes=job["processes"])
        pool.map(square, xs)
        samples.append(time.perf_counter() - started)
        pool.terminate()
        pool.join()
    return {"samples": samples}


def maps(job):
    """Seconds of each of `runs` maps on one pool, after one warm-up map."""
    xs = decode(job["input"])
    f = kernel(job["kernel"], job["params"])
    pool = Pool(processes=job["processes"])
    try:
        pool.map(kernel(job["kernel"], job["warmup"]), xs)
        samples = []
        for _ in range(job["runs"]):
            started = time.perf_counter()
            result = pool.map(f, xs)
            samples.append(time.perf_counter() - started)
    finally:
        pool.terminate()
        pool.join()
    return {"samples": samples, "result": encode(result)}


def main():
    print(json.dumps({"python": sys.version.split()[0]}), flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            answer = {"startup": startup, "maps": maps}[job["op"]](job)
        except Exception as error:  # reported to the bench, which stops
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
