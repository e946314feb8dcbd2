// The ShareX template language (upload/sxcu/sxcu_template.h), both syntaxes: parse, the checks an
// import runs (unsupported_functions, reads_response), and rendering against a fuzzed response.
// Invariants:
//   - a parsed template, written back out with escapes, parses to the same tree;
//   - any literal text, escaped, renders to itself;
//   - a template that is supported and reads no response renders without a response, no Error;
//   - {filename} in a request URL becomes only unreserved characters and %XX, decoding to the name.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "common/error.h"
#include "fuzz_common.h"
#include "upload/sxcu/sxcu_template.h"

using namespace clipnote;
using namespace clipnote::upload;

namespace {

// ---- writing a tree back as text -------------------------------------------------------------

std::string escape(const std::string& text, const std::string& specials) {
    std::string out;
    for (char c : text) {
        if (specials.find(c) != std::string::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string write_braces(const Template& t, bool in_argument) {
    std::string out;
    for (const TemplateNode& n : t.nodes) {
        if (n.function.empty() && n.args.empty() && !n.literal.empty()) {
            out += escape(n.literal, in_argument ? std::string("\\{|}") : std::string("\\{"));
            continue;
        }
        out += "{" + escape(n.function, "\\:}");
        for (std::size_t i = 0; i < n.args.size(); ++i) out += (i ? "|" : ":") + write_braces(n.args[i], true);
        out += "}";
    }
    return out;
}

std::string literal_text(const Template& t) {
    std::string out;
    for (const TemplateNode& n : t.nodes) out += n.literal;
    return out;
}

std::string write_dollars(const Template& t) {
    std::string out;
    for (const TemplateNode& n : t.nodes) {
        if (n.function.empty() && n.args.empty()) {
            out += escape(n.literal, "\\$");
            continue;
        }
        // $N$ / $N,G$: the first argument may hold a '|' there, which $regex:…|…$ would split.
        if (n.function == "regex" && (n.args.size() == 1 || n.args.size() == 2)) {
            const std::string index = literal_text(n.args[0]);
            if (!index.empty() && std::isdigit(static_cast<unsigned char>(index[0])) &&
                index.find_first_of(",:") == std::string::npos &&
                (n.args.size() == 1 || literal_text(n.args[1]).find(':') == std::string::npos)) {
                out += "$" + escape(index, "\\$");
                if (n.args.size() == 2) out += "," + escape(literal_text(n.args[1]), "\\$");
                out += "$";
                continue;
            }
        }
        out += "$" + escape(n.function, "\\$");
        for (std::size_t i = 0; i < n.args.size(); ++i) out += (i ? "|" : ":") + escape(literal_text(n.args[i]), "\\$");
        out += "$";
    }
    return out;
}

// Adjacent literals merged, empty ones dropped: the same text either way.
Template normalized(const Template& t) {
    Template out;
    out.syntax = t.syntax;
    for (const TemplateNode& n : t.nodes) {
        if (n.function.empty() && n.args.empty()) {
            if (n.literal.empty()) continue;
            if (!out.nodes.empty() && out.nodes.back().function.empty() && out.nodes.back().args.empty()) {
                out.nodes.back().literal += n.literal;
                continue;
            }
            out.nodes.push_back({n.literal, {}, {}});
            continue;
        }
        TemplateNode copy{"", n.function, {}};
        for (const Template& a : n.args) copy.args.push_back(normalized(a));
        out.nodes.push_back(std::move(copy));
    }
    return out;
}

bool same(const Template& a, const Template& b) {
    if (a.syntax != b.syntax || a.nodes.size() != b.nodes.size()) return false;
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        const TemplateNode &x = a.nodes[i], &y = b.nodes[i];
        if (x.literal != y.literal || x.function != y.function || x.args.size() != y.args.size()) return false;
        for (std::size_t k = 0; k < x.args.size(); ++k)
            if (!same(x.args[k], y.args[k])) return false;
    }
    return true;
}

// ---- percent-encoding --------------------------------------------------------------------------

bool unreserved_or_escape(const std::string& s) {
    for (unsigned char c : s)
        if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '%')) return false;
    return true;
}

std::string percent_decode(const std::string& s) {
    auto hex = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const TemplateSyntax syntax = in.ConsumeBool() ? TemplateSyntax::dollars : TemplateSyntax::braces;
    const std::string text = in.ConsumeRandomLengthString(2048);
    TemplateContext context;
    context.filename = in.ConsumeRandomLengthString(256);
    context.input = in.ConsumeRandomLengthString(128);
    std::mt19937_64 rng(in.ConsumeIntegral<std::uint32_t>());
    context.rng = &rng;
    const int regexes = in.ConsumeIntegralInRange(0, 3);
    for (int i = 0; i < regexes; ++i) context.regex_list.push_back(in.ConsumeRandomLengthString(64));
    const int headers = in.ConsumeIntegralInRange(0, 3);
    for (int i = 0; i < headers; ++i)
        context.headers.emplace_back(in.ConsumeRandomLengthString(32), in.ConsumeRandomLengthString(128));
    const std::string literal = in.ConsumeRandomLengthString(256);
    context.response_url = in.ConsumeRandomLengthString(128);
    context.response = in.ConsumeRemainingBytesAsString();

    // Any literal, escaped as the syntax says, is itself.
    {
        const std::string escaped = escape(literal, syntax == TemplateSyntax::braces ? "\\{" : "\\$");
        const std::string back = render_template(parse_template(escaped, syntax), TemplateContext{});
        FUZZ_CHECK(back == literal, "\"%s\" rendered as \"%s\"", fuzz::printable(escaped).c_str(),
                   fuzz::printable(back).c_str());
    }
    // {filename} in a URL: one path segment or query value, whatever the name.
    {
        Template t = parse_template(syntax == TemplateSyntax::braces ? "{filename}" : "$filename$", syntax);
        const std::string url = render_url_template(t, context);
        FUZZ_CHECK(unreserved_or_escape(url) && percent_decode(url) == context.filename, "{filename} -> \"%s\"",
                   fuzz::printable(url).c_str());
    }

    Template t;
    try {
        t = parse_template(text, syntax);
    } catch (const Error&) {
        return 0;
    }
    const std::string written = syntax == TemplateSyntax::braces ? write_braces(t, false) : write_dollars(t);
    Template again;
    try {
        again = parse_template(written, syntax);
    } catch (const Error& e) {
        FUZZ_CHECK(false, "\"%s\" written back as \"%s\" does not parse: %s", fuzz::printable(text).c_str(),
                   fuzz::printable(written).c_str(), e.what());
    }
    FUZZ_CHECK(same(normalized(t), normalized(again)), "\"%s\" written back as \"%s\" parses differently",
               fuzz::printable(text).c_str(), fuzz::printable(written).c_str());

    const bool supported = unsupported_functions(t).empty();
    const bool reads = reads_response(t);
    if (supported && !reads) {
        TemplateContext before = context;  // the request: no response yet
        before.has_response = false;
        try {
            render_template(t, before);
            render_url_template(t, before);
        } catch (const Error& e) {
            FUZZ_CHECK(false, "\"%s\" (supported, reads no response) fails: %s", fuzz::printable(text).c_str(),
                       e.what());
        }
    }
    context.has_response = true;
    try {
        render_template(t, context);
    } catch (const Error&) {
    }
    try {
        render_url_template(t, context);
    } catch (const Error&) {
    }
    return 0;
}
