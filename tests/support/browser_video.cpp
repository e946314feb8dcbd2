#include "support/browser_video.h"

#include <chrono>
#include <regex>

#include <nlohmann/json.hpp>

#include "support/child_process.h"

namespace clipnote::test {

std::string chromium_video_report(const std::string& src) {
    const auto r = run_command({"node", std::string(CLIPNOTE_TEST_HELPERS_DIR) + "/chromium_video.js", src}, {},
                               std::chrono::seconds(60));
    const std::string line = r.out.substr(0, r.out.find('\n'));
    return line.empty() ? "error=no report: " + r.err.substr(0, 200) : line;
}

PageReport chromium_page_report(const std::string& url, const std::string& screenshot) {
    std::vector<std::string> argv = {"node", std::string(CLIPNOTE_TEST_HELPERS_DIR) + "/chromium_video.js", "--page", url};
    if (!screenshot.empty()) argv.insert(argv.end(), {"--screenshot", screenshot});
    const auto r = run_command(argv, {}, std::chrono::seconds(60));
    PageReport report;
    const auto nl = r.out.find('\n');
    report.video = r.out.substr(0, nl);
    if (report.video.empty()) report.video = "error=no report: " + r.err.substr(0, 200);
    if (nl != std::string::npos) {
        const std::string rest = r.out.substr(nl + 1);
        report.page = nlohmann::json::parse(rest.substr(0, rest.find('\n')), nullptr, false);
    }
    if (!report.page.is_object()) report.page = nlohmann::json::object();
    return report;
}

namespace {
double number_after(const std::string& report, const std::regex& pattern) {
    std::smatch m;
    return std::regex_search(report, m, pattern) ? std::stod(m[1]) : -1;
}
}  // namespace

double reported_duration(const std::string& report) {
    static const std::regex d(R"(duration=([0-9.]+))");
    return number_after(report, d);
}

double reported_seek(const std::string& report) {
    static const std::regex s(R"(seeked=([0-9.]+))");
    return number_after(report, s);
}

double reported_played(const std::string& report) {
    static const std::regex p(R"(played=([0-9.]+))");
    return number_after(report, p);
}

}  // namespace clipnote::test
