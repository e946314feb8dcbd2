#!/usr/bin/env python3
"""Writes the seeds of the fuzz targets whose input is split by libFuzzer's FuzzedDataProvider
(fuzz_sxcu_template, fuzz_response_query, fuzz_settings_writer, and fuzz_s3_xml's answers), so
the hand-written values below land in the fields each target reads. The plain-text seeds
(config.toml, .sxcu) are files in corpus/ written by hand.

Usage: tests/fuzz/make_seeds.py   (rewrites corpus/<target>/seed-*; nothing else)

FuzzedDataProvider reads strings from the front (ConsumeRandomLengthString: '\\\\' is a
backslash, '\\' + any other byte ends the string), numbers from the back (the last byte first, as
the most significant), and the remaining bytes from what is left in between.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


class Provider:
    def __init__(self):
        self.front = bytearray()
        self.back = []  # bytes in the order they are consumed (from the end)
        self.rest = b""

    def string(self, s):
        b = s.encode() if isinstance(s, str) else bytes(s)
        self.front += b.replace(b"\\", b"\\\\") + b"\\\n"
        return self

    def integral(self, value, nbytes):
        # ConsumeIntegralInRange: result = (result << 8) | next byte from the end.
        for i in reversed(range(nbytes)):
            self.back.append((value >> (8 * i)) & 0xFF)
        return self

    def in_range(self, value, lo, hi):
        rng = hi - lo
        n = 0
        while n < 8 and (rng >> (8 * n)) > 0:
            n += 1
        return self.integral(value - lo, n)

    def boolean(self, b):
        return self.integral(1 if b else 0, 1)

    def remaining(self, s):
        self.rest = s.encode() if isinstance(s, str) else bytes(s)
        return self

    def data(self):
        return bytes(self.front) + self.rest + bytes(reversed(self.back))


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


# ---- fuzz_sxcu_template: syntax, template, context, literal, response -------------------------

def template(name, syntax_dollars, text, response, filename="clip.mp4", input_="My clip", regexes=(), headers=(),
             literal="a {literal} $5 \\ x", response_url="https://up.example/api", seed=7):
    p = Provider()
    p.boolean(syntax_dollars)
    p.string(text).string(filename).string(input_)
    p.integral(seed, 4)
    p.in_range(len(regexes), 0, 3)
    for r in regexes:
        p.string(r)
    p.in_range(len(headers), 0, 3)
    for k, v in headers:
        p.string(k).string(v)
    p.string(literal).string(response_url)
    p.remaining(response)
    write("fuzz_sxcu_template", name, p.data())


template("braces-json", False, "https://x.example/{json:files[0].url}?id={json:$.id}",
         '{"id":"abc","files":[{"url":"v/abc.mp4"}]}')
template("braces-nested", False, "Basic {base64:me:{filename}} {random:a|b|{input}}", "")
template("braces-xml", False, "{xml:/rsp/file[2]/@href}|{xml://url}|{xml:{response}|/a/text()}",
         '<?xml version="1.0"?><rsp><file href="1"/><file href="https://x/2">two</file><url> u </url></rsp>')
template("braces-regex-header", False, "{regex:(?<host>[a-z.]+)/(\\\\w+)|host}{header:Location}",
         "https://puu.example/abc.mp4", headers=[("Location", "https://x/loc"), ("X-Id", "42")])
template("braces-escapes", False, "\\{json:id\\} costs \\\\ 5 {responseurl}|}{", "x")
template("braces-unsupported", False, "{select:a|b}/{prompt}/{outputurl}/{regex:(}", "")
template("braces-unterminated", False, "https://x/{json:id", "{}")
template("dollars-json", True, "$json:data.link$", '{"data":{"link":"https://i.x/a.png"}}')
template("dollars-regexlist", True, "https://x/server/$regex:1|serverid$/image/$regex:2|1$ $2,1$ $1$",
         'server: 41\nfilename: "image.png"\n', regexes=["server: (?<serverid>\\d+)", 'filename: "(.+)"'])
template("dollars-escapes", True, "name=$filename$ costs \\$5 and $input$ $base64:x$ $$", "")
template("dollars-filename-url", True, "https://up.example/$filename$?t=$input$", "",
         filename="a b?c#d&e%.mp4", input_="title / with & stuff")
template("utf8-filename", False, "https://x/{filename}", "", filename="r\u00e9sum\u00e9 \u6f22\u5b57.mp4")

# ---- fuzz_response_query: mode, seed, query, [group], answer ----------------------------------

def query(name, mode, text, answer, group="", seed=12345):
    p = Provider()
    p.in_range(mode, 0, 2)
    p.integral(seed, 8)
    p.string(text)
    if mode == 2:
        p.string(group)
    p.remaining(answer)
    write("fuzz_response_query", name, p.data())


query("json-files", 0, "files[0].url",
      '{"success":true,"files":[{"url":"https://x/a.mp4","size":1234,"hash":null}],"data":{"odd key":["p","q"]}}')
query("json-dollar", 0, "$.data['odd key'][1]", '{"data":{"odd key":["p","q"],"n":3.5e10,"t":"\\u00e9\\ud83d\\ude00"}}')
query("json-deep", 0, "a.b.c", '{"a":{"b":{"c":[[[[{"d":[1,2,{"e":"x"}]}]]]]}}}', seed=99)
query("json-array-root", 0, "[2]", '[0, "one", {"two": 2}, [3], false, null]')
query("json-not-json", 0, "a", "<html>502 Bad Gateway</html>")
query("xml-rsp", 1, "/rsp/file[2]/url",
      '<?xml version="1.0" encoding="UTF-8"?><!-- c --><rsp stat="ok"><file><url>https://x/1</url></file>'
      '<file id="two"><url>https://x/2?a=1&amp;b=2</url></file></rsp>')
query("xml-ns", 1, "//d:href", '<d:multistatus xmlns:d="DAV:"><d:response><d:href>/dav/a.mp4</d:href>'
      '<d:propstat><d:prop><d:getetag>"e"</d:getetag></d:prop></d:propstat></d:response></d:multistatus>')
query("xml-attr-text", 1, "/a/b/@x:y", '<a><b x:y="1" y="2">t<![CDATA[ <cdata> ]]>u<c/>v</b></a>', seed=3)
query("xml-charref", 1, "/a", "<a>&#x1F600;&#65;&#x;</a>")
query("regex-lookbehind", 2, "(?<=,)(.*?)(?=,)", "0,https://puu.example/abc.mp4,123,0", group="1")
query("regex-named", 2, "https://(?<host>[^/]+)/(?<path>\\w+)", "see https://h.example/abc now", group="path")
query("regex-dupnames", 2, "(?<n>a)|(?<n>b)", "xbx", group="n")
query("regex-invalid-utf8", 2, "\\w+", b"\xff\xfeabc\xc3\xa9\xed\xa0\x80", group="0")
query("regex-bad", 2, "(unclosed", "text", group="99999999999")

# ---- fuzz_s3_xml: even first byte = an answer; odd = the round trip ---------------------------

S3NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
answers = {
    "error": '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request '
             'signature we calculated does not match</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>',
    "initiate": f'<?xml version="1.0" encoding="UTF-8"?><InitiateMultipartUploadResult {S3NS}><Bucket>b</Bucket>'
                '<Key>clips/a.mp4</Key><UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>'
                '</InitiateMultipartUploadResult>',
    "listparts": f'<?xml version="1.0" encoding="UTF-8"?><ListPartsResult {S3NS}><Bucket>b</Bucket><Key>k</Key>'
                 '<UploadId>u</UploadId><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2'
                 '</NextPartNumberMarker><MaxParts>2</MaxParts><IsTruncated>true</IsTruncated><Part><PartNumber>1'
                 '</PartNumber><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;7778aef83f66abc1fa1e8'
                 '477f296d394&quot;</ETag><Size>5242880</Size></Part><Part><PartNumber>2</PartNumber><ETag>"aaaa"'
                 '</ETag><Size>1024</Size></Part></ListPartsResult>',
    "listparts-bad": '<ListPartsResult><Part><PartNumber>x</PartNumber><Size>-1</Size></Part><Part><PartNumber>'
                     '99999999999</PartNumber></Part></ListPartsResult>',
    "complete": f'<CompleteMultipartUploadResult {S3NS}><Location>https://b.s3/k</Location><Bucket>b</Bucket>'
                '<Key>k</Key><ETag>"3858f62230ac3c915f300c664312c11f-9"</ETag></CompleteMultipartUploadResult>',
    "complete-error": '<?xml version="1.0"?>\n\n<Error><Code>InternalError</Code><Message>We encountered an '
                      'internal error. Please try again.</Message></Error>',
    "proxy-html": "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    "prefixed": '<s3:Error xmlns:s3="x"><s3:Code>NoSuchUpload</s3:Code><![CDATA[ cdata ]]><!-- c --><?pi x?>'
                '</s3:Error>',
}
for name, text in answers.items():
    write("fuzz_s3_xml", name, b"\x00" + text.encode())


def s3_round_trip(name, prefixed, parts, truncated, marker, upload_id, code, message):
    p = Provider()
    p.boolean(prefixed)
    p.in_range(len(parts), 0, 12)
    for number, size, etag in parts:
        p.in_range(number, 1, 10000)
        p.integral(size, 8)
        p.string(etag)
    p.boolean(truncated)
    p.in_range(marker, 1, 10000)
    p.string(upload_id).string(code).string(message)
    write("fuzz_s3_xml", name, b"\x01" + p.data())


s3_round_trip("trip-plain", False, [(1, 5242880, '"7778aef83f66abc1fa1e8477f296d394"'), (2, 1024, '"aa-2"')], True,
              3, "upload-id+/=", "SlowDown", "Please reduce your request rate.")
s3_round_trip("trip-escapes", True, [(10000, 2**64 - 1, "<&>\"' ]]> &#x;")], False, 1, "id&amp;",
              "A<B>", "caf\u00e9 \u2603")

# ---- fuzz_settings_writer: ten settings strings, choices, numbers, the file as it was ---------

def settings(name, original, strings=None, area=1, quality=2, bools=(True, False, True, False, True, True, False), fps=30,
             gif_width=480, countdown=3, reaction_centis=300):
    p = Provider()
    defaults = ["x11grab::0.0+0,0", "v4l2:/dev/video0", "pulse:default", "pulse:alsa_output.pci.monitor",
                "1280x720+100+50", "ctrl+alt+r", "super+shift+g", "team-s3", "~/Videos/clips", "900x700+20+20"]
    for s in (strings or defaults):
        p.string(s)
    p.in_range(area, 0, 2)
    p.in_range(quality, 0, 2)
    for b in bools:
        p.boolean(b)
    p.in_range(fps, 1, 60)
    p.in_range(gif_width, 64, 4096)
    p.in_range(countdown, 0, 10)
    p.in_range(reaction_centis, 100, 3000)
    p.remaining(original)
    write("fuzz_settings_writer", name, p.data())


USER = ('# my clipnote config\ndefault = "team"\n\n[destination.team]   # the shared bucket\nkind = "local"\n'
        'folder = "/tmp/team-clips"  # keep this comment\n\n[capture]\ncamera = "lavfi:testsrc2"\n\n'
        '[destination.nas]\nkind = "local"\nfolder = "/tmp/nas"\n')
settings("user-file", USER)
settings("empty-file", "")
settings("app-first", '[app]\ncountdown = 5\n[hotkeys]\nrecord = "f9"\n[capture]\nfps = 60\n'
         '[destination.a]\nkind = "local"\n# trailing comment\n')
settings("crlf-no-newline", '[destination.d]\r\nkind = "local"\r\n\r\n[ capture ] # c\r\nfps = 24', countdown=0,
         reaction_centis=100)
settings("quoted-headers", '["destination"."my dest"]\nkind = "local"\n[\'app\']\nreview = true\n')
settings("strings-to-escape", "", strings=['q"uote', "back\\slash", "tab\tnew\nline", "\u00e9\u6f22\U0001F600",
                                         "\x01\x7f", "'single'", "#hash", "[capture]", "=", "\"\"\""])
settings("multiline-string", '[destination.x]\nkind = "discord"\nurl_env = "HOOK"\nmessage = """\nhello\n'
         '[app]\n"""\n')
settings("subtable", '[capture]\nfps = 25\n[capture.extra]\nx = 1\n[destination.a]\nkind = "local"\n')
# The app's tables defined another way: the app must refuse these when it reads them (a save
# would add a second definition), found by this target in CI with [[capture]].
settings("capture-array", "[[capture]]\nfps = 10\n[destination.a]\nkind = \"local\"\n")
settings("inline-app", "app = { countdown = 2 }\n")
settings("dotted-hotkeys", 'hotkeys.record = "f9"\n[hotkeys.extra]\nx = 1\n')
