"""Makes moto_server ~5x cheaper per account (and, for the tests, exits it with its stdin; see the end);
put this directory on PYTHONPATH of moto_server only.

moto 5.x finds the account of every request's access key by visiting each account's IAM backend of EVERY
partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-eusc), and visiting one creates it: with
MOTO_IAM_LOAD_MANAGED_POLICIES=true, each new account then builds six copies of ~1,500 AWS managed policies
(~0.4 s of CPU each). An access key can only live in a backend that exists, so looking only at the backends that
exist gives the same answer without building five unused ones. Nothing else in moto changes.
Used by the tests' MotoServer and by scripts/demo.sh; a moto without this function is left alone.
"""
try:
    from moto.core import DEFAULT_ACCOUNT_ID as _DEFAULT_ACCOUNT_ID
    import moto.iam.models as _iam_models
except Exception:  # noqa: BLE001 - not moto's interpreter, or another moto: change nothing
    _iam_models = None

if _iam_models is not None and hasattr(_iam_models, "get_account_id_from"):
    def get_account_id_from(access_key: str) -> str:
        for account_id, account in list(_iam_models.iam_backends.items()):
            # dict.values: the partitions' backends made so far (indexing would make the missing ones).
            for backend in list(dict.values(account)):
                if access_key in backend.access_keys:
                    return account_id
        return _DEFAULT_ACCOUNT_ID

    _iam_models.get_account_id_from = get_account_id_from

# The tests keep moto's stdin open and set this: when the test process dies however it dies (vstest may kill its
# test host rather than let it exit), the pipe closes and moto exits instead of living on as an orphan.
import os as _os

if _os.environ.get("ASSUMEROLE_MOTO_EXIT_WITH_STDIN") == "1":
    import sys as _sys
    import threading as _threading

    def _exit_when_stdin_closes() -> None:
        try:
            while _sys.stdin.buffer.read(4096):
                pass
        finally:
            _os._exit(0)

    _threading.Thread(target=_exit_when_stdin_closes, name="exit-with-stdin", daemon=True).start()
