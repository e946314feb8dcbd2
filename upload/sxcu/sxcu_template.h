#pragma once
// The template language of ShareX custom uploaders, in both of its syntaxes:
//   current (ShareX 14+): {json:files[0].url}, {regex:pattern|group}, {header:Location}, nesting
//                         such as {base64:{filename}}; '\' makes the next character literal
//   older (up to 13.x):   $json:files[0].url$, $regex:N|group$ (N indexes RegexList, 1-based),
//                         $N$ / $N,group$, $filename$; '\' escapes '$' and '\'
// Functions: response, responseurl, header, json, xml, regex, filename, random, input, base64.
// The interactive ones (select, prompt, inputbox) and unknown names are reported by
// unsupported_functions() so a file can be rejected before anything is uploaded.
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace clipnote::upload {

enum class TemplateSyntax { braces, dollars };

struct TemplateNode;

struct Template {
    TemplateSyntax syntax = TemplateSyntax::braces;
    std::vector<TemplateNode> nodes;
    bool empty() const { return nodes.empty(); }
};

struct TemplateNode {
    std::string literal;  // when function is empty
    std::string function;
    std::vector<Template> args;
};

// Throws Error ("unterminated {…" / "unterminated $…$") on a malformed template, and for calls
// nested more than 32 deep.
Template parse_template(const std::string& text, TemplateSyntax syntax);

// "{prompt}" / "$select$"-style names of the functions clipnote cannot run, each with why.
std::vector<std::string> unsupported_functions(const Template& t);
// True when the template reads the response (so it can only be used in URL/…/ErrorMessage).
bool reads_response(const Template& t);

struct TemplateContext {
    std::string filename;
    std::string input;  // ShareX's text/URL input: clipnote uploads files, so the title or ""
    // Set once a response arrived.
    bool has_response = false;
    std::string response;
    std::string response_url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<std::string> regex_list;  // older syntax: $regex:N$ indexes this (1-based)
    std::mt19937_64* rng = nullptr;       // {random:…}; a fresh one when null
};

// Evaluates the template. Throws Error naming the failing function ("{json:url}: no value at url"),
// and when the value grows beyond 64 MiB.
std::string render_template(const Template& t, const TemplateContext& context);
// The same for a RequestURL: each value made from the file name or the input is percent-encoded,
// so "a b?c#d&e.mp4" stays one path segment or one query value instead of changing the request.
std::string render_url_template(const Template& t, const TemplateContext& context);

}  // namespace clipnote::upload
