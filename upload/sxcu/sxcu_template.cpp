#include "upload/sxcu/sxcu_template.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "upload/transport/crypto.h"
#include "upload/sxcu/response_query.h"
#include "upload/transport/url.h"

namespace clipnote::upload {
namespace {

// Real templates nest two or three calls ({base64:{input}:{filename}}). The cap keeps the parser,
// the checks and rendering (all recursive) off the end of the stack, and {base64:…} chains, each
// a third longer than its argument, from growing exponentially.
constexpr int kMaxNesting = 32;
// No request or link needs more; {response}{response}… or {base64:{response}} of a 16 MiB answer
// would otherwise take gigabytes.
constexpr std::size_t kMaxRenderedBytes = 64u << 20;

const char* const kSupported[] = {"response", "responseurl", "header", "json",  "xml",
                                  "regex",    "filename",    "random", "input", "base64"};

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool is_number(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

Template literal_template(std::string text, TemplateSyntax syntax) {
    Template t;
    t.syntax = syntax;
    if (!text.empty()) t.nodes.push_back({std::move(text), {}, {}});
    return t;
}

// ---- braces: {name}, {name:arg|arg}, nested ----------------------------------------------------

class BraceParser {
public:
    explicit BraceParser(const std::string& text) : s_(text) {}

    Template parse_all() {
        Template t = parse_sequence(false);
        return t;
    }

private:
    // Until the end (top level) or an unescaped '|' / '}' (inside a call's argument).
    Template parse_sequence(bool in_argument) {
        Template t;
        std::string text;
        auto flush = [&] {
            if (!text.empty()) t.nodes.push_back({std::move(text), {}, {}});
            text.clear();
        };
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == '\\' && i_ + 1 < s_.size()) {
                text += s_[i_ + 1];
                i_ += 2;
            } else if (c == '{') {
                flush();
                ++i_;
                t.nodes.push_back(parse_call());
            } else if (in_argument && (c == '|' || c == '}')) {
                break;
            } else {
                text += c;
                ++i_;
            }
        }
        flush();
        return t;
    }

    TemplateNode parse_call() {
        const std::size_t start = i_ - 1;
        if (++depth_ > kMaxNesting)
            throw Error("\"" + s_.substr(start, std::min<std::size_t>(40, s_.size() - start)) +
                        "…\": calls nested more than " + std::to_string(kMaxNesting) + " deep");
        TemplateNode node;
        while (i_ < s_.size() && s_[i_] != ':' && s_[i_] != '}') {
            if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
            node.function += s_[i_++];
        }
        if (i_ < s_.size() && s_[i_] == ':') {
            do {
                ++i_;  // ':' or '|'
                node.args.push_back(parse_sequence(true));
            } while (i_ < s_.size() && s_[i_] == '|');
        }
        if (i_ >= s_.size() || s_[i_] != '}')
            throw Error("unterminated \"" + s_.substr(start, std::min<std::size_t>(40, s_.size() - start)) +
                        "\": a '}' is missing (write \\{ for a literal brace)");
        ++i_;
        node.function = lower(node.function);
        --depth_;
        return node;
    }

    const std::string& s_;
    std::size_t i_ = 0;
    int depth_ = 0;
};

// ---- dollars: $name$, $name:arg|arg$, $N$, $N,G$ -----------------------------------------------

Template parse_dollars(const std::string& s) {
    Template t;
    t.syntax = TemplateSyntax::dollars;
    std::string text;
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '\\' && i + 1 < s.size()) {
            text += s[i + 1];
            i += 2;
            continue;
        }
        if (c != '$') {
            text += c;
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        std::string inner;
        while (end < s.size() && s[end] != '$') {
            if (s[end] == '\\' && end + 1 < s.size()) ++end;
            inner += s[end++];
        }
        if (end >= s.size())
            throw Error("unterminated \"" + s.substr(i, std::min<std::size_t>(40, s.size() - i)) +
                        "\": a closing '$' is missing (write \\$ for a literal dollar)");
        if (!text.empty()) t.nodes.push_back({std::move(text), {}, {}});
        text.clear();
        TemplateNode node;
        const std::size_t colon = inner.find(':');
        if (colon == std::string::npos && !inner.empty() && std::isdigit(static_cast<unsigned char>(inner[0]))) {
            // $N$ or $N,G$: the oldest form of a RegexList reference.
            node.function = "regex";
            const std::size_t comma = inner.find(',');
            node.args.push_back(literal_template(inner.substr(0, comma), TemplateSyntax::dollars));
            if (comma != std::string::npos)
                node.args.push_back(literal_template(inner.substr(comma + 1), TemplateSyntax::dollars));
        } else {
            node.function = lower(inner.substr(0, colon));
            if (colon != std::string::npos) {
                std::string rest = inner.substr(colon + 1);
                // $regex:N,G$ is an older spelling of $regex:N|G$.
                if (node.function == "regex" && rest.find('|') == std::string::npos) {
                    const std::size_t comma = rest.find(',');
                    if (comma != std::string::npos && is_number(rest.substr(0, comma))) rest[comma] = '|';
                }
                std::size_t from = 0;
                for (;;) {
                    const std::size_t bar = rest.find('|', from);
                    node.args.push_back(literal_template(rest.substr(from, bar - from), TemplateSyntax::dollars));
                    if (bar == std::string::npos) break;
                    from = bar + 1;
                }
            }
        }
        t.nodes.push_back(std::move(node));
        i = end + 1;
    }
    if (!text.empty()) t.nodes.push_back({std::move(text), {}, {}});
    return t;
}

std::string spelled(const TemplateNode& node, TemplateSyntax syntax) {
    return syntax == TemplateSyntax::braces ? "{" + node.function + "}" : "$" + node.function + "$";
}

std::string describe_call(const TemplateNode& node, TemplateSyntax syntax, const std::vector<std::string>& args) {
    std::string inner = node.function;
    for (std::size_t i = 0; i < args.size(); ++i) inner += (i == 0 ? ":" : "|") + args[i];
    return syntax == TemplateSyntax::braces ? "{" + inner + "}" : "$" + inner + "$";
}

std::string call(const TemplateNode& node, TemplateSyntax syntax, const std::vector<std::string>& args,
                 const TemplateContext& ctx) {
    const std::string& f = node.function;
    auto need_response = [&] {
        if (!ctx.has_response)
            throw Error(spelled(node, syntax) +
                        " needs the response; use it only in URL, ThumbnailURL, DeletionURL or ErrorMessage");
    };
    auto arg = [&](std::size_t i) -> const std::string& {
        static const std::string none;
        return i < args.size() ? args[i] : none;
    };
    if (f == "response") {
        need_response();
        return ctx.response;
    }
    if (f == "responseurl") {
        need_response();
        return ctx.response_url;
    }
    if (f == "header") {
        need_response();
        for (const auto& [k, v] : ctx.headers)
            if (lower(k) == lower(arg(0))) return v;
        throw Error("the response has no header \"" + arg(0) + "\"");
    }
    if (f == "json" || f == "xml") {
        need_response();
        // {json:path} or {json:input|path}
        const std::string& source = args.size() >= 2 ? args[0] : ctx.response;
        const std::string& path = args.size() >= 2 ? args[1] : arg(0);
        return f == "json" ? json_query(source, path) : xml_query(source, path);
    }
    if (f == "regex") {
        need_response();
        if (syntax == TemplateSyntax::dollars) {
            if (!is_number(arg(0)))
                throw Error("the regex index \"" + arg(0) + "\" is not a number (1 = the first of RegexList)");
            std::size_t n = 0;  // capped: a huge index is simply not in the list (std::stoul would throw)
            for (char c : arg(0)) n = std::min<std::size_t>(n * 10 + static_cast<std::size_t>(c - '0'), 1u << 20);
            if (n < 1 || n > ctx.regex_list.size())
                throw Error("RegexList has no entry " + arg(0) + " (it has " + std::to_string(ctx.regex_list.size()) +
                            ")");
            return regex_query(ctx.response, ctx.regex_list[n - 1], arg(1));
        }
        return regex_query(ctx.response, arg(0), arg(1));
    }
    if (f == "filename") return ctx.filename;
    if (f == "input") return ctx.input;
    if (f == "base64") return to_base64(arg(0));
    if (f == "random") {
        if (args.empty()) return "";
        std::mt19937_64 local(std::random_device{}());
        std::mt19937_64& rng = ctx.rng ? *ctx.rng : local;
        return args[std::uniform_int_distribution<std::size_t>(0, args.size() - 1)(rng)];
    }
    throw Error(spelled(node, syntax) + " is not supported");
}

std::string too_large() {
    return "the value grows beyond " + std::to_string(kMaxRenderedBytes >> 20) + " MiB";
}

// True when the node's value comes from the file name or the input (text the user chose).
bool from_user_text(const TemplateNode& n) {
    if (n.function == "filename" || n.function == "input") return true;
    for (const auto& a : n.args)
        for (const auto& inner : a.nodes)
            if (from_user_text(inner)) return true;
    return false;
}

}  // namespace

Template parse_template(const std::string& text, TemplateSyntax syntax) {
    if (syntax == TemplateSyntax::dollars) return parse_dollars(text);
    Template t = BraceParser(text).parse_all();
    t.syntax = syntax;
    std::vector<Template*> stack{&t};
    while (!stack.empty()) {  // nested argument templates share the syntax
        Template* cur = stack.back();
        stack.pop_back();
        cur->syntax = syntax;
        for (auto& n : cur->nodes)
            for (auto& a : n.args) stack.push_back(&a);
    }
    return t;
}

std::vector<std::string> unsupported_functions(const Template& t) {
    std::vector<std::string> out;
    for (const auto& n : t.nodes) {
        if (n.function.empty()) continue;
        const std::string name = spelled(n, t.syntax);
        if (n.function == "select" || n.function == "prompt" || n.function == "inputbox") {
            out.push_back(name + " (asks the user at upload time; put a fixed value in the file instead)");
        } else if (std::find(std::begin(kSupported), std::end(kSupported), n.function) == std::end(kSupported)) {
            out.push_back(name + " (unknown function)");
        } else if (n.function == "regex" && t.syntax == TemplateSyntax::braces && !n.args.empty()) {
            // A literal pattern can be checked now; one built by nested calls only at upload.
            if (n.args[0].nodes.size() == 1 && n.args[0].nodes[0].function.empty()) {
                try {
                    check_regex(n.args[0].nodes[0].literal);
                } catch (const Error& e) {
                    out.push_back(name + " (" + e.what() + ")");
                }
            }
        }
        for (const auto& a : n.args)
            for (auto& inner : unsupported_functions(a)) out.push_back(std::move(inner));
    }
    return out;
}

bool reads_response(const Template& t) {
    for (const auto& n : t.nodes) {
        if (n.function == "response" || n.function == "responseurl" || n.function == "header" || n.function == "json" ||
            n.function == "xml" || n.function == "regex")
            return true;
        for (const auto& a : n.args)
            if (reads_response(a)) return true;
    }
    return false;
}

std::string render_template(const Template& t, const TemplateContext& context) {
    std::string out;
    for (const auto& n : t.nodes) {
        if (n.function.empty()) {
            out += n.literal;
            continue;
        }
        std::vector<std::string> args;
        for (const auto& a : n.args) args.push_back(render_template(a, context));
        try {
            out += call(n, t.syntax, args, context);
            if (out.size() > kMaxRenderedBytes) throw Error(spelled(n, t.syntax) + ": " + too_large());
        } catch (const Error& e) {
            const std::string what = e.what();
            // Inner calls already name themselves; name this one otherwise.
            if (what.starts_with("{") || what.starts_with("$")) throw;
            throw Error(describe_call(n, t.syntax, args) + ": " + what);
        }
    }
    return out;
}

std::string render_url_template(const Template& t, const TemplateContext& context) {
    std::string out;
    for (const auto& n : t.nodes) {
        Template one;
        one.syntax = t.syntax;
        one.nodes.push_back(n);
        const std::string value = render_template(one, context);
        // Only unreserved characters stay: right in a path segment and in a query value alike
        // ('/' '?' '#' end a segment; '&' '=' '+' '#' split or change a query value).
        out += from_user_text(n) ? percent_encode(value, false) : value;
        if (out.size() > kMaxRenderedBytes) throw Error(too_large());
    }
    return out;
}

}  // namespace clipnote::upload
