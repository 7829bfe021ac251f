#!/usr/bin/env python3
"""Runs a program on a pseudo-terminal, as if a person were at a terminal, and prints everything it wrote.

usage: pty_run.py TRIGGER KEYS PROGRAM [ARGS...]

When the program's output first contains TRIGGER (empty: never), KEYS are typed, 0.3 s apart (\\x03 is Ctrl-C, which the
terminal turns into SIGINT for the program, exactly as a real terminal does). The transcript (stdout and stderr
together, byte for byte) goes to this script's stdout; its exit code is the program's (128+N if killed by signal N).
"""
import os
import pty
import select
import signal
import sys
import time

TIMEOUT_SECONDS = 120


def main() -> int:
    trigger = sys.argv[1].encode()
    keys = sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
    argv = sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        # As in a user's interactive shell, Ctrl-C reaches the program even when this runner was started in the
        # background without job control (which leaves SIGINT ignored, and an ignored signal stays ignored across exec).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execvp(argv[0], argv)
    transcript = b""
    typed = False
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the program exited and the terminal closed
                break
            if not chunk:
                break
            transcript += chunk
            if trigger and not typed and trigger in transcript:
                # The program is now waiting for input. Keys go one at a time, as a person types: two Ctrl-Cs
                # written at once could reach the program as one signal (a pending signal is not queued twice).
                for key in keys:
                    time.sleep(0.3)
                    os.write(fd, bytes([key]))
                typed = True
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(transcript)
    sys.stdout.flush()
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
