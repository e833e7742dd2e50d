"""The OpenAPI document is the truth: schemathesis, with every check and the stateful phase
(the document's links), finds nothing, anonymously, as a teacher and as an admin.

The fuzzing runs on a platform of its own, where sign-in is never throttled (it tries
thousands of sign-ins, some on its own account) and where the garbage it creates cannot
disturb other tests. Seed, volumes and the few accepted exceptions, each with its reason, are
in api_fuzzing.toml and api_fuzzing_hooks.py; a failure prints schemathesis' report, with a
`curl` line reproducing each finding.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import PASSWORD, running_platform

pytestmark = pytest.mark.system

HERE = Path(__file__).parent
SIGNED_IN = """
[auth.dynamic.openapi.bearer]
path = "/api/v1/auth/login"
payload = { email = "${FUZZ_EMAIL}", password = "${FUZZ_PASSWORD}" }
extract_selector = "/access_token"
retry_on = [401]
"""


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    from classe12_testing.servers import RabbitVhost
    vhost = RabbitVhost().create()
    if not vhost.created:
        pytest.skip("needs a private RabbitMQ vhost (rabbitmqctl) not to share queues with the other platform")
    try:
        with running_platform(tmp_path_factory.mktemp("fuzzed"), vhost.uri, {
                "LOGIN_ACCOUNT_FREE_FAILURES": "1000000", "LOGIN_ADDRESS_FREE_FAILURES": "1000000"}) as platform:
            yield platform
    finally:
        vhost.delete()


@pytest.mark.timeout(int(os.environ.get("FUZZ_TIMEOUT", "900")) + 20)
@pytest.mark.parametrize("who", ["anonymous", "teacher", "admin"])
def test_the_api_does_what_its_openapi_document_says(fuzzed, who, tmp_path):
    config = (HERE / "api_fuzzing.toml").read_text()
    env = {**os.environ, "NO_COLOR": "1"}
    if who != "anonymous":
        member = fuzzed.member("teacher", ["CP"], granted="admin" if who == "admin" else None)
        env.update(FUZZ_EMAIL=member["email"], FUZZ_PASSWORD=PASSWORD)
        config += SIGNED_IN
    (tmp_path / "schemathesis.toml").write_text(config)
    command = [str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(tmp_path / "schemathesis.toml"),
               "run", fuzzed.api.base_url + "/api/v1/openapi.json", "--checks", "all",
               "--report", "junit", "--report-dir", str(tmp_path / "report")]
    result = subprocess.run(command, cwd=HERE, env=env, capture_output=True, text=True,
                            timeout=int(os.environ.get("FUZZ_TIMEOUT", "900")))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-30000:]
    selected, tested = re.search(r"Selected: (\d+)/(\d+)", output), re.search(r"Tested: (\d+)", output)
    assert selected and tested and selected[1] == selected[2] == tested[1], "some operations were not fuzzed"
    print(output[-3000:])
