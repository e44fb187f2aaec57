"""Run the site's server beside a worker and the scheduler, and stop them all together.

Each child starts in a process group of its own, so stopping it reaches its own children
too (runserver's autoreloader, gunicorn's workers) and none is left behind. Ctrl-C, a
SIGTERM, or any child ending stops the rest: SIGTERM to each group, then SIGKILL to what
is still running after `grace` seconds. On Linux each child is also told to receive
SIGTERM if the supervisor itself dies without a chance to stop it.
"""

import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_PDEATHSIG = 1


def _die_with_parent():
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the signal handlers below still stop them
        pass


def start(command):
    return subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent)


def stop(children, grace=10.0):
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for child in children:
        _signal_group(child, signal.SIGKILL)  # the group: grandchildren too
        child.wait()


def _signal_group(child, signum):
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:
        pass


def supervise(commands, grace=10.0, out=sys.stdout):
    """Run `commands` (argument lists) until one ends or a signal comes; stop them all.

    Returns the exit code of the child that ended first (0 when stopped by a signal).
    """
    stopping = []
    previous = {
        signum: signal.signal(signum, lambda signum, frame: stopping.append(signum))
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    children = [start(command) for command in commands]
    code = 0
    try:
        while not stopping:
            ended = [child for child in children if child.poll() is not None]
            if ended:
                code = ended[0].returncode
                print(f"{' '.join(ended[0].args)} ended ({code}); stopping the rest.", file=out)
                break
            time.sleep(0.2)
    finally:
        stop(children, grace)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code
