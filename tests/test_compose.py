"""docker-compose.yml and the images' Dockerfiles, checked as files: no Docker needed.

What a typo there would break only on someone else's machine is caught here: a missing service,
a Dockerfile copying a file that does not exist (or that .dockerignore leaves out), a setting
name the code never reads (so silently ignored), a MongoDB without replica set (so without
transactions), the GPL dev tool secantusdb in an image.
"""
from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("community", "resources", "evaluation", "notifications")
OURS = SERVICES + ("gateway",)
ONE_SHOT = ("bus-declare",)  # runs the gateway image's `classe12-bus declare`, then exits
INFRA = ("mongo", "rabbitmq")
PACKAGE_DIRS = {**{name: ROOT / "services" / name for name in SERVICES}, "gateway": ROOT / "gateway",
                "bus-declare": ROOT / "gateway"}
KERNEL_DIRS = (ROOT / "libs" / "contracts" / "classe12_contracts", ROOT / "libs" / "runtime" / "classe12_runtime")


def database_setting(service: str) -> str:
    return f"{service.upper()}_DB"  # read by classe12_runtime.config.database_name(<service>)

# How the code reads a setting: kernel helpers env()/env_float()/env_int()..., os.environ, getenv.
NAME = r"""["']([A-Z][A-Z0-9_]*)["']"""
PYTHON_READS = (
    re.compile(r"\b(?:env|env_\w+|getenv|_flag)\(\s*" + NAME),  # mailer._flag: a yes/no setting
    re.compile(r"\benviron\.get\(\s*" + NAME),
    re.compile(r"\benviron\[\s*" + NAME + r"\s*\]"),
)
# nameko substitutes ${NAME} / ${NAME:default} in a service's config.yaml
YAML_READS = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::[^}]*)?\}")
NOT_RUNTIME_CODE = {"tests", "testing", "__pycache__"}  # test tooling reads its own variables


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def environment(service: dict) -> dict[str, str | None]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # ["NAME=value", "NAME"]
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {str(k): None if v is None else str(v) for k, v in env.items()}


def python_sources(directory: Path) -> list[Path]:
    return [path for path in sorted(directory.rglob("*.py"))
            if not NOT_RUNTIME_CODE & set(path.relative_to(directory).parts)]


def names_read_by(name: str) -> set[str]:
    """Environment variable names read by what runs in `name`'s container: kernel + package."""
    names: set[str] = set()
    sources = [source for directory in KERNEL_DIRS for source in python_sources(directory)]
    for source in sources + python_sources(PACKAGE_DIRS[name]):
        text = source.read_text(encoding="utf-8")
        for pattern in PYTHON_READS:
            names.update(pattern.findall(text))
    config = PACKAGE_DIRS[name] / "config.yaml"
    if config.exists():
        names.update(YAML_READS.findall(config.read_text(encoding="utf-8")))
    if name in SERVICES:  # read by database_name(<service>): its own only
        names.add(database_setting(name))
    return names


# --- Dockerfile parsing -----------------------------------------------------------------------

def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    result, current = [], ""
    for line in dockerfile.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):  # comment inside a continued instruction
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, args = current.partition(" ")
        result.append((keyword.upper(), args.strip()))
        current = ""
    return result


def exec_form(args: str) -> list[str]:
    return json.loads(args) if args.startswith("[") else shlex.split(args)


def copy_sources(args: str) -> list[str] | None:
    """Sources of a COPY/ADD from the build context (None when copying from another stage)."""
    words = exec_form(args)
    flags = [w for w in words if w.startswith("--")]
    if any(flag.startswith("--from") for flag in flags):
        return None
    return [w for w in words if not w.startswith("--")][:-1]


def pip_installs(run_args: str) -> list[list[str]]:
    """Arguments of every `pip install` in a RUN instruction."""
    found = []
    for command in re.split(r"&&|\|\||;", run_args):
        words = shlex.split(command)
        for i in range(len(words) - 1):
            if words[i].endswith("pip") and words[i + 1] == "install":
                found.append(words[i + 2:])
                break
    return found


def final_stage(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from:]


def dockerignore_rules() -> list[tuple[bool, re.Pattern]]:
    rules = []
    path = ROOT / ".dockerignore"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        parts = line.lstrip("!").strip("/").split("/")
        regex = ""
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part == "**":
                regex += ".*" if last else "(?:.*/)?"
                continue
            regex += "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in part)
            regex += "" if last else "/"
        rules.append((negated, re.compile(regex + r"\Z")))
    return rules


def ignored(relative: str, rules) -> bool:
    """Docker's rule: a path is left out when it, or a directory above it, matches last."""
    parts = Path(relative).parts
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        verdict = None
        for negated, regex in rules:
            if regex.match(prefix):
                verdict = not negated
        if verdict:
            return True
    return False


def builds(compose: dict) -> dict[str, tuple[Path, Path]]:
    """service -> (context dir, Dockerfile) for every service built from this repository."""
    result = {}
    for name, service in compose["services"].items():
        build = service.get("build")
        if build is None:
            continue
        if isinstance(build, str):
            build = {"context": build}
        context = (ROOT / build.get("context", ".")).resolve()
        result[name] = (context, context / build.get("dockerfile", "Dockerfile"))
    return result


# --- the platform -----------------------------------------------------------------------------

def test_the_whole_platform_is_there(compose):
    assert set(OURS + INFRA) <= set(compose["services"])
    assert compose["services"]["mongo"]["image"] == "mongo:7"
    assert compose["services"]["rabbitmq"]["image"].startswith("rabbitmq:") and \
        compose["services"]["rabbitmq"]["image"].endswith("-management")
    assert set(builds(compose)) == set(OURS + ONE_SHOT + ("web",))


def test_the_web_client_is_the_one_origin_with_the_api_behind_it(compose):
    """docs/decisions.md 35: nginx serves web/dist and sends /api/ to the gateway."""
    web, gateway = compose["services"]["web"], compose["services"]["gateway"]
    assert not gateway.get("ports"), "the gateway is reached through the web service only"
    assert [port.split(":")[-1] for port in web["ports"]] == ["8080"] and web["ports"][0].startswith("127.0.0.1:")
    assert web["depends_on"]["gateway"]["condition"] == "service_healthy" and web["healthcheck"]["test"]
    steps = instructions(ROOT / "web" / "Dockerfile")
    froms = [args.split()[0] for keyword, args in steps if keyword == "FROM"]
    assert froms[0].startswith("node:20") and froms[-1].startswith("nginxinc/nginx-unprivileged:")
    conf = (ROOT / "deploy" / "docker" / "web-nginx.conf").read_text()
    assert "proxy_pass http://gateway:8000;" in conf and "try_files $uri /index.html;" in conf
    assert "proxy_buffering off;" in conf, "server-sent events and downloads are streamed"


def test_every_container_has_a_healthcheck_and_waits_for_healthy_dependencies(compose):
    services = compose["services"]
    for name in OURS + INFRA:
        check = services[name].get("healthcheck") or {}
        assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"
    for name in OURS:
        depends = services[name].get("depends_on") or {}
        assert isinstance(depends, dict), f"{name}: depends_on must state conditions"
        needed = {"rabbitmq"} | ({"mongo"} if name in SERVICES else set(SERVICES))
        for dependency in needed:
            assert depends.get(dependency, {}).get("condition") == "service_healthy", \
                f"{name} must wait for {dependency} to be healthy"
        if name in SERVICES:
            assert depends.get("bus-declare", {}).get("condition") == "service_completed_successfully", \
                f"{name} must start once the consumer queues are declared"


def test_the_bus_is_declared_from_the_contracts_before_the_services_start(compose):
    declare = compose["services"]["bus-declare"]
    assert declare["command"] == ["classe12-bus", "declare"] and declare.get("restart") == "no"
    assert environment(declare).get("AMQP_URI")
    gateway_steps = instructions(ROOT / "gateway" / "Dockerfile")
    copied = {exec_form(args)[-1] for keyword, args in final_stage(gateway_steps) if keyword == "COPY"}
    for service in SERVICES:
        assert f"/app/contracts/{service}/contract/" in copied, f"the gateway image lacks {service}'s contract"
    assert ("ENV", "CLASSE12_CONTRACTS_DIR=/app/contracts") in final_stage(gateway_steps)


def test_data_lives_in_named_volumes(compose):
    declared = set(compose.get("volumes") or {})
    for name, target in (("mongo", "/data/db"), ("rabbitmq", "/var/lib/rabbitmq")):
        mounts = {}
        for volume in compose["services"][name].get("volumes", []):
            if isinstance(volume, str):
                source, _, rest = volume.partition(":")
                mounts[rest.split(":")[0]] = source
            else:
                mounts[volume["target"]] = volume.get("source")
        assert mounts.get(target) in declared, f"{name}: {target} must be a named volume"


def test_mongo_is_an_initiated_replica_set(compose):
    mongo = compose["services"]["mongo"]
    command = exec_form(mongo["command"]) if isinstance(mongo["command"], str) else mongo["command"]
    assert "--replSet" in command, "MongoDB must run as a replica set (transactions)"
    replica_set = command[command.index("--replSet") + 1]
    init = " ".join(mongo["healthcheck"]["test"])
    assert "rs.initiate(" in init and f"_id: '{replica_set}'" in init
    assert "NotYetInitialized" in init, "rs.initiate() must only run when not yet initiated"
    assert "host: 'mongo:27017'" in init, "the member must be announced by its compose name"
    for name in SERVICES:
        uri = environment(compose["services"][name])["MONGO_URI"]
        assert uri.startswith("mongodb://mongo:27017/") and f"replicaSet={replica_set}" in uri


# --- settings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SERVICES)
def test_each_service_gets_broker_database_and_its_database_name(compose, name):
    env = environment(compose["services"][name])
    for required in ("AMQP_URI", "MONGO_URI", database_setting(name)):
        assert env.get(required), f"{name} must set {required}"
    others = {database_setting(service) for service in SERVICES if service != name}
    assert not others & set(env), f"{name} must not be given another service's database"


def test_gateway_settings(compose):
    env = environment(compose["services"]["gateway"])
    assert env.get("AMQP_URI")
    assert "MONGO_URI" not in env, "the gateway has no database"
    assert re.fullmatch(r"\$\{JWT_SECRET:\?[^}]*\}", env.get("JWT_SECRET", "")), \
        "JWT_SECRET must be required (${JWT_SECRET:?...}), never defaulted"
    assert env.get("GATEWAY_BIND", "").startswith("0.0.0.0:"), "listen on all interfaces in a container"


@pytest.mark.parametrize("name", OURS)
def test_every_setting_given_is_read_by_the_code(compose, name):
    if not python_sources(PACKAGE_DIRS[name]):
        pytest.skip(f"{name} has no code yet")
    service = compose["services"][name]
    assert "env_file" not in service, "settings must be visible in docker-compose.yml"
    unread = set(environment(service)) - names_read_by(name)
    assert not unread, f"{name} is given settings its code never reads: {sorted(unread)}"


def test_the_setting_scanner_sees_the_kernel_settings():
    # guards the regexes above: if they stopped matching, every setting would look "unread"
    read = names_read_by("community")
    assert {"AMQP_URI", "MONGO_URI", "RPC_TIMEOUT", "MONGO_TIMEOUT_MS", "LOG_LEVEL",
            "MAX_WORKERS", "COMMUNITY_DB"} <= read
    assert "RESOURCES_DB" not in read and "TEST_MONGO_URI" not in read


# --- images -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", OURS)
def test_image_copies_only_what_exists_in_the_context(compose, name):
    context, dockerfile = builds(compose)[name]
    assert context == ROOT, "the build context is the repository root (constraints.txt, libs/)"
    assert dockerfile.is_file(), f"{dockerfile} is missing"
    rules = dockerignore_rules()
    copies = [copy_sources(args) for keyword, args in instructions(dockerfile) if keyword in ("COPY", "ADD")]
    assert copies
    for sources in filter(None, copies):
        for source in sources:
            matches = list(context.glob(source.rstrip("/") or "."))
            assert matches, f"{dockerfile.relative_to(ROOT)}: COPY {source}: no such file"
            for match in matches:
                relative = match.relative_to(context).as_posix()
                assert not ignored(relative, rules), f"COPY {source}: left out by .dockerignore"


@pytest.mark.parametrize("name", OURS)
def test_image_shape(compose, name):
    _, dockerfile = builds(compose)[name]
    steps = instructions(dockerfile)
    froms = [args.split()[0] for keyword, args in steps if keyword == "FROM"]
    assert len(froms) >= 2 and set(froms) == {"python:3.11-slim"}, "multi-stage on python:3.11-slim"
    final = final_stage(steps)
    users = [args for keyword, args in final if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the process must not run as root"
    cmd = [exec_form(args) for keyword, args in final if keyword == "CMD"][-1]
    installs = [words for keyword, args in steps if keyword == "RUN" for words in pip_installs(args)]
    assert installs, "no pip install"
    package = PACKAGE_DIRS[name].relative_to(ROOT).as_posix()
    assert any({"-c", "constraints.txt", "./libs/contracts", "./libs/runtime", f"./{package}"} <= set(words)
               for words in installs), f"pip install -c constraints.txt ./libs/contracts ./libs/runtime ./{package}"
    if name == "gateway":
        assert cmd == ["gunicorn", "-c", "python:classe12_gateway.gunicorn_conf",
                       "classe12_gateway.app:create_app()"]
        assert any(keyword == "EXPOSE" and "8000" in args.split() for keyword, args in final)
    else:
        assert cmd == ["nameko", "run", "--config", "/app/config.yaml", f"classe12_{name}.service"]
        assert ["services/%s/config.yaml" % name, "/app/config.yaml"] in [
            [w for w in exec_form(args) if not w.startswith("--")]
            for keyword, args in final if keyword == "COPY"], "config.yaml must be /app/config.yaml"


def _pyproject_dependencies(directory: Path) -> list[str]:
    project = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project.get("dependencies", []))


def test_no_image_installs_secantusdb(compose):
    dockerfiles = {dockerfile for _, dockerfile in builds(compose).values()}
    dockerfiles |= set(ROOT.glob("services/*/Dockerfile")) | set(ROOT.glob("gateway/Dockerfile"))
    dockerfiles |= set(ROOT.glob("deploy/**/Dockerfile*"))
    rules = dockerignore_rules()
    for dockerfile in sorted(dockerfiles):
        for keyword, args in instructions(dockerfile):
            if keyword != "RUN":
                continue
            for words in pip_installs(args):
                where = f"{dockerfile.relative_to(ROOT)}: pip install {' '.join(words)}"
                assert not any("secantus" in word.lower() for word in words), where
                for i, word in enumerate(words):
                    if word in ("-r", "--requirement") or word.startswith("--requirement="):
                        requirements = word.partition("=")[2] or words[i + 1]
                        text = (ROOT / requirements).read_text(encoding="utf-8").lower()
                        assert "secantus" not in text, f"{where}: {requirements} lists secantusdb"
                    if word.startswith("./"):  # a local package: its own dependencies
                        path = word.split("[", 1)[0]
                        directory = ROOT / path
                        assert (directory / "pyproject.toml").is_file(), f"{where}: {path} is not a package"
                        assert not ignored(f"{path[2:]}/pyproject.toml", rules), \
                            f"{where}: .dockerignore leaves out {path}/pyproject.toml"
                        assert "[" not in word, f"{where}: no extras (test tooling) in an image"
                        assert not any("secantus" in dep.lower() for dep in _pyproject_dependencies(directory)), \
                            f"{where}: {path} depends on secantusdb"
