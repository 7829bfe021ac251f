"""Makes moto_server ~5x cheaper per account (and, for the tests, exits it with its stdin; see the end);
put this directory on PYTHONPATH of moto_server only.

moto 5.x finds the account of every request's access key by visiting each account's IAM backend of EVERY
partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-eusc), and visiting one creates it: with
MOTO_IAM_LOAD_MANAGED_POLICIES=true, each new account then builds six copies of ~1,500 AWS managed policies
(~0.4 s of CPU each). An access key can only live in a backend that exists, so looking only at the backends that
exist gives the same answer without building five unused ones. Besides, two AWS behaviours moto lacks: the role
Organizations makes in a member account gets AdministratorAccess, and GetSessionToken gives usable credentials (below).
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

# Every new account's IAM backend also parses moto's ~1,500 AWS managed policies from one JSON text and writes each
# document back to JSON, the same work for every account (~60% of an account's cost). Parsed and written once here;
# each account still gets its own policy objects, exactly as AWSManagedPolicy.from_data makes them.
if _iam_models is not None and hasattr(_iam_models.IAMBackend, "_init_aws_policies") and hasattr(_iam_models, "AWSManagedPolicy"):
    import json as _json
    from datetime import datetime as _datetime

    _managed_policy_rows = []

    def _init_aws_policies_once(self):
        if not _iam_models.load_iam_aws_managed_policies():
            return []
        if not _managed_policy_rows:
            _managed_policy_rows.extend(
                (name, data.get("DefaultVersionId"), data.get("Path"), _json.dumps(data.get("Document")),
                 _datetime.fromisoformat(data["CreateDate"]), _datetime.fromisoformat(data["UpdateDate"]))
                for name, data in _json.loads(_iam_models.aws_managed_policies_data).items())
        return [
            _iam_models.AWSManagedPolicy(
                name, account_id=self.account_id, region=self.region_name, default_version_id=version, path=path,
                document=document, create_date=created, update_date=updated)
            for name, version, path, document, created, updated in _managed_policy_rows
        ]

    _iam_models.IAMBackend._init_aws_policies = _init_aws_policies_once

# AWS gives the role Organizations makes in every new member account (OrganizationAccountAccessRole, or CreateAccount's
# RoleName) full administrative permissions: the AdministratorAccess policy. moto makes the role with no policy, so
# with auth on, nobody could ever do anything in a member account. Attach it, as AWS does.
try:
    import moto.organizations.models as _organizations_models
except Exception:  # noqa: BLE001 - not moto's interpreter, or another moto: change nothing
    _organizations_models = None

if _iam_models is not None and _organizations_models is not None and hasattr(_organizations_models, "FakeAccount"):
    _make_account = _organizations_models.FakeAccount.__init__

    def _make_account_with_admin_role(self, organization, **kwargs):
        _make_account(self, organization, **kwargs)
        iam = _iam_models.iam_backends[self.id]["global"]
        role_name = kwargs.get("RoleName", "OrganizationAccountAccessRole")
        if not any(role.name == role_name for role in list(iam.roles.values())):
            return
        try:
            iam.attach_role_policy("arn:aws:iam::aws:policy/AdministratorAccess", role_name)
        except Exception:  # noqa: BLE001 - AWS managed policies not loaded: the same grant, inline
            import json as _json
            iam.put_role_policy(role_name, "AdministratorAccess", _json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))

    _organizations_models.FakeAccount.__init__ = _make_account_with_admin_role

# GetSessionToken: AWS hands an IAM user temporary credentials that act as that user (with MFA, when a code was given).
# moto answers every call with the same example key, which nothing accepts. Here each call gets credentials of its own,
# kept per access key, and requests signed with them are checked as the user who asked (policies included).
try:
    import moto.iam.access_control as _access_control
    import moto.sts.responses as _sts_responses
    from moto.core.responses import ActionResult as _ActionResult
except Exception:  # noqa: BLE001 - not moto's interpreter, or another moto: change nothing
    _access_control = None

_session_tokens = {}  # access key id -> (account id, user name, secret, token)

if _iam_models is not None and _access_control is not None and hasattr(_access_control, "create_access_key"):
    import secrets as _secrets

    def _get_session_token(self):
        duration = self._get_int_param("DurationSeconds", 43200)
        token = self.backend.get_session_token(duration=duration)
        caller_key = self.get_access_key()
        backend = _iam_models.iam_backends[self.current_account]["global"]
        user = next((u for u in backend.users.values() if any(k.access_key_id == caller_key for k in u.access_keys)), None)
        if user is None:  # not an IAM user (moto's default account, a role): moto's own answer
            return _get_example_session_token(self)
        key_id = "ASIA" + _secrets.token_hex(8).upper()
        secret = _secrets.token_urlsafe(30)
        session_token = "FwoSession" + _secrets.token_urlsafe(60)
        _session_tokens[key_id] = (self.current_account, user.name, secret, session_token)
        return _ActionResult({"Credentials": {
            "AccessKeyId": key_id, "SecretAccessKey": secret, "SessionToken": session_token, "Expiration": token.expiration}})

    class _SessionUserAccessKey(_access_control.IAMUserAccessKey):
        def __init__(self, account_id, partition, access_key_id, headers):
            self.account_id = account_id
            self.partition = partition
            _, self._owner_user_name, self._secret_access_key, self._session_token = _session_tokens[access_key_id]
            self._access_key_id = access_key_id
            if headers.get("X-Amz-Security-Token") != self._session_token:
                raise _access_control.CreateAccessKeyFailure(reason="InvalidToken")

        def create_credentials(self):
            return _access_control.Credentials(self._access_key_id, self._secret_access_key, self._session_token)

    _create_access_key = _access_control.create_access_key

    def _create_access_key_or_session(account_id, partition, access_key_id, headers):
        if access_key_id in _session_tokens:
            return _SessionUserAccessKey(account_id, partition, access_key_id, headers)
        return _create_access_key(account_id, partition, access_key_id, headers)

    _get_example_session_token = _sts_responses.TokenResponse.get_session_token
    _sts_responses.TokenResponse.get_session_token = _get_session_token
    _access_control.create_access_key = _create_access_key_or_session
    _account_of_key = _iam_models.get_account_id_from

    def _get_account_id_from(access_key):
        session = _session_tokens.get(access_key)
        return session[0] if session is not None else _account_of_key(access_key)

    _iam_models.get_account_id_from = _get_account_id_from

    # ...and GetCallerIdentity signed with such a session names the user, as AWS does (moto would say user/moto).
    import moto.sts.models as _sts_models

    _get_caller_identity = _sts_models.STSBackend.get_caller_identity

    def _get_caller_identity_or_session_user(self, access_key_id, region):
        session = _session_tokens.get(access_key_id)
        if session is not None:
            user = _iam_models.iam_backends[session[0]]["global"].get_user(session[1])
            return user.id, user.arn, user.account_id
        return _get_caller_identity(self, access_key_id, region)

    _sts_models.STSBackend.get_caller_identity = _get_caller_identity_or_session_user

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
