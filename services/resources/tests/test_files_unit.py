"""Unit tests of the file endpoint's pieces: the real type, SVG sanitising, ranges and
conditional requests, names and Content-Disposition, the RPC schemas against the contract."""
import pytest

from classe12_resources.files.conditional import ByteRange, Unsatisfiable, etag_of, not_modified, requested_range
from classe12_resources.files.disposition import clean_filename, content_disposition, served_filename
from classe12_resources.files.schemas import FileRefSchema, GrantFileUploadSchema
from classe12_resources.files.settings import MIB, load_file_settings
from classe12_resources.files.sniffing import SERVED_TYPES, sniff
from classe12_resources.files.svg import UnsafeSvg, sanitise
from classe12_testing.contract_diff import differences, normalise, resolve, schema_to_json
from classe12_testing.kit.samples import sample

# --- the real type ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind, expected", [
    ("png", "image/png"), ("gif", "image/gif"), ("pdf", "application/pdf"), ("svg", "image/svg+xml"),
    ("webm", "video/webm"), ("mp4", "video/mp4"), ("mp3", "audio/mpeg")])
def test_samples_are_recognised(kind, expected):
    assert sniff(sample(kind)[:4096]).content_type == expected


def ogg_page(packet: bytes) -> bytes:
    return b"OggS\x00\x02" + b"\x00" * 20 + bytes([1, len(packet)]) + packet


def matroska(doctype: bytes) -> bytes:
    body = b"\x42\x86\x81\x01" + b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(body)]) + body


@pytest.mark.parametrize("head, expected", [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
    (ogg_page(b"\x01vorbis\x00\x00"), "audio/ogg"),
    (ogg_page(b"OpusHead\x01\x02"), "audio/ogg"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom", "audio/mp4"),
    (b"\x00\x00\x00\x1cftypmp42\x00\x00\x00\x00mp42isomavc1", "video/mp4"),
    (matroska(b"matroska"), "video/x-matroska"),
    (b"\xff\xfb\x90\x64" + b"\x00" * 10, "audio/mpeg"),
    (b"\xef\xbb\xbf  <!-- plan -->\n<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
])
def test_signatures(head, expected):
    found = sniff(head)
    assert found is not None and found.content_type == expected
    assert found.content_type in SERVED_TYPES


@pytest.mark.parametrize("head", [
    b"", b"<html><script>alert(1)</script></html>", b"MZ\x90\x00\x03", b"PK\x03\x04zip",
    b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ",          # QuickTime: not on the list
    ogg_page(b"\x80theora\x03\x02"),                           # Ogg video
    matroska(b"other"),
    b"\xff\xf1\x50\x80",                                       # AAC ADTS, not MP3
    b"<?xml version='1.0'?><html/>", b"GIF88a", b"%PDF", b"RIFF\x00\x00\x00\x00AVI ",
])
def test_anything_else_is_refused(head):
    assert sniff(head) is None


def test_the_limits_per_type_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("FILE_MAX_MB_VIDEO", "50")
    monkeypatch.setenv("FILE_MAX_MB_SVG", "0.5")
    settings = load_file_settings()
    assert settings.limit_of("video") == 50 * MIB and settings.limit_of("svg") == MIB // 2
    assert settings.limit_of("image") == 10 * MIB and settings.max_bytes == 50 * MIB


# --- SVG --------------------------------------------------------------------------------------

def test_svg_keeps_what_screen_readers_read_of_the_project_s_plans():
    from importlib import resources as package_files
    plans = package_files.files("classe12_resources").joinpath("content/plans")
    for plan in (p for p in plans.iterdir() if p.name.endswith(".svg")):
        original, clean = plan.read_bytes().decode(), sanitise(plan.read_bytes()).decode()
        for attribute in ('role="img"', "aria-labelledby"):
            assert (attribute in original) == (attribute in clean), (plan.name, attribute)
        assert "<title" in clean and "<desc" in clean
    assert 'aria-label="x"' in sanitise(b'<svg xmlns="http://www.w3.org/2000/svg" aria-label="x" onload="y"/>').decode()


def test_svg_keeps_the_drawing_and_loses_scripts_events_links_and_foreign_content():
    clean = sanitise(sample("svg")).decode()
    for gone in ("script", "onload", "onclick", "alert", "javascript", "foreignObject", "xhtml", "DOCTYPE"):
        assert gone not in clean
    assert '<rect id="table" x="1" y="1" width="8" height="4" fill="url(#bois)"></rect>' in clean
    assert '<text x="1" y="9">Coin lecture</text>' in clean  # the link went, its text stayed
    assert clean.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert sanitise(clean.encode()) == clean.encode()  # a clean drawing comes back unchanged


@pytest.mark.parametrize("attribute", [
    'style="background:url(https://tracker.example/x.png)"', 'fill="url(https://tracker.example/#a)"',
    'href="https://tracker.example/"', 'style="behavior:url(x.htc)"'])
def test_svg_loads_nothing_from_outside(attribute):
    clean = sanitise(f'<svg xmlns="http://www.w3.org/2000/svg"><rect {attribute}/></svg>'.encode()).decode()
    assert "tracker" not in clean and "url(x" not in clean and "<rect></rect>" in clean


def test_svg_keeps_fragment_links_and_embedded_pictures_only():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<defs><path id="p" d="M0 0"/></defs><use xlink:href="#p"/><use href="https://x.example/a.svg#p"/>'
           '<image href="data:image/png;base64,iVBORw0KGgo="/><image href="data:image/svg+xml;base64,PHN2Zz4="/>'
           '<style>@import url(https://x.example/a.css);</style><animate attributeName="href" to="javascript:x"/>'
           '<?xml-stylesheet href="https://x.example/a.css"?></svg>')
    clean = sanitise(svg.encode()).decode()
    assert '<use xlink:href="#p"></use><use></use>' in clean
    assert '<image href="data:image/png;base64,iVBORw0KGgo="></image><image></image>' in clean
    assert "x.example" not in clean and "animate" not in clean and "style" not in clean
    assert 'xmlns:xlink="http://www.w3.org/1999/xlink"' in clean


@pytest.mark.parametrize("document", [
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',                      # entity expansion
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',                       # external entity
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',                                 # not well formed
    b'<html xmlns="http://www.w3.org/1999/xhtml"><svg xmlns="http://www.w3.org/2000/svg"/></html>',  # not an SVG
    b'<svg><rect/></svg>',                                                                   # no SVG namespace
])
def test_svg_refused(document):
    with pytest.raises(UnsafeSvg):
        sanitise(document)


# --- ranges and conditional requests -----------------------------------------------------------

@pytest.mark.parametrize("header, expected", [
    (None, None), ("bytes=0-99", ByteRange(0, 99)), ("bytes=100-", ByteRange(100, 999)),
    ("bytes=-100", ByteRange(900, 999)), ("bytes=-5000", ByteRange(0, 999)), ("bytes=990-5000", ByteRange(990, 999)),
    ("bytes = 5 - 9", ByteRange(5, 9)), ("items=0-5", None), ("bytes=0-1,5-6", None),
])
def test_ranges(header, expected):
    assert requested_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0", "bytes=9-5", "bytes=abc",
                                    "bytes=-", "bytes="])
def test_unsatisfiable_ranges(header):
    with pytest.raises(Unsatisfiable):
        requested_range(header, 1000)


def test_a_range_needs_the_same_version_when_if_range_is_sent():
    etag = etag_of("ab" * 32)
    assert requested_range("bytes=0-9", 100, etag, etag) == ByteRange(0, 9)
    assert requested_range("bytes=0-9", 100, '"other"', etag) is None
    assert requested_range("bytes=0-9", 100, "Wed, 21 Oct 2026 07:28:00 GMT", etag) is None
    assert ByteRange(10, 19).content_range(100) == "bytes 10-19/100"


def test_if_none_match():
    etag = etag_of("cd" * 32)
    assert not_modified(etag, etag) and not_modified(f'"x", W/{etag}', etag) and not_modified("*", etag)
    assert not not_modified(None, etag) and not not_modified('"x"', etag)


# --- names ------------------------------------------------------------------------------------

@pytest.mark.parametrize("given, stored", [
    ("C:\\fakepath\\Plan de la classe.png", "Plan de la classe.png"), ("../../etc/passwd", "passwd"),
    ("  séance\u0000\u001b.webm ", "séance.webm"), ("", "fichier"), ("...", "fichier"),
    ("e\u0301cole.pdf", "école.pdf"), ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
])
def test_clean_filename(given, stored):
    assert clean_filename(given) == stored


def test_content_disposition_is_inline_for_media_and_safe_for_anything():
    header = content_disposition("Séance à deux.webm", "video/webm", inline=True)
    assert header == ("inline; filename=\"Seance a deux.webm\"; "
                      "filename*=UTF-8''S%C3%A9ance%20%C3%A0%20deux.webm")
    header = content_disposition('devoir"; evil=1\r\n.html', "application/pdf", inline=False)
    assert header == "attachment; filename=\"devoir_ evil_1.html.pdf\"; filename*=UTF-8''devoir%22%3B%20evil%3D1.html.pdf"
    assert served_filename("plan.JPEG", "image/jpeg") == "plan.JPEG"
    assert served_filename("élèves", "image/png") == "élèves.png"
    assert content_disposition("日本.png", "image/png", True).startswith('inline; filename="fichier.png"')


# --- the RPC inputs are the contract's --------------------------------------------------------

@pytest.mark.parametrize("operation, schema", [
    ("grant_file_upload", GrantFileUploadSchema), ("grant_file_download", FileRefSchema),
    ("delete_file", FileRefSchema)])
def test_input_schemas_equal_the_contract(contract, operation, schema):
    expected = normalise(resolve(contract.registry, contract.operations[operation].input))
    assert differences(expected, normalise(schema_to_json(schema))) == []


def test_the_upload_schema_trims_and_defaults():
    loaded = GrantFileUploadSchema().load({"resource_id": "x", "filename": " plan.png ", "role": "plan"})
    assert loaded == {"resource_id": "x", "filename": "plan.png", "role": "plan", "title": None,
                      "shows_pupils": False, "image_rights_attested": False}


# --- the endpoint's own contract --------------------------------------------------------------

def test_the_file_endpoint_contract_says_what_the_code_does(contract):
    import yaml

    from classe12_resources.files.settings import DEFAULT_LIMITS_MB
    document = yaml.safe_load((contract.path.parent / "files.openapi.yaml").read_text(encoding="utf-8"))

    def nulls(node, path=""):  # a YAML flow mapping cut by a comma leaves a key without value
        if isinstance(node, dict):
            return [f"{path}/{k}" for k, v in node.items() if v is None] + \
                [n for k, v in node.items() for n in nulls(v, f"{path}/{k}")]
        return [n for i, v in enumerate(node) for n in nulls(v, f"{path}/{i}")] if isinstance(node, list) else []

    assert nulls(document) == []
    assert document["openapi"] == "3.1.0"
    upload, download = document["paths"]["/files"]["put"], document["paths"]["/files/{file_id}"]["get"]
    assert {"201", "400", "401", "403", "404", "408", "409", "413", "415", "422", "503"} <= set(upload["responses"])
    assert {"200", "206", "304", "401", "404", "416", "503"} <= set(download["responses"])
    file_ref = upload["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert contract.registry.get(file_ref.partition("#")[0])["components"]["schemas"]["File"]
    accepted = [entry["type"] for entry in document["components"]["x-accepted-types"]["types"]]
    assert sorted(accepted) == sorted(SERVED_TYPES) == sorted(download["responses"]["200"]["content"])
    limits = " ".join(document["info"]["description"].split())
    assert DEFAULT_LIMITS_MB == {"video": 200, "audio": 50, "image": 10, "pdf": 20, "svg": 1}
    assert "_AUDIO, _IMAGE, _PDF, _SVG; 200, 50, 10, 20 and 1 MiB by default" in limits
