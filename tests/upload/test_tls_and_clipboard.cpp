// TLS is always verified (a ca_file only adds trust), and the link stays on the X11 clipboard
// after clipnote exits. Real parts: nginx with a certificate made here, Xvfb, xclip.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "fixtures/net.h"
#include "support/child_process.h"
#include "support/temp_dir.h"
#include "support/xvfb_session.h"

using namespace clipnote::test;

namespace {

// nginx serving WebDAV over HTTPS with a self-signed certificate for 127.0.0.1.
class TlsDavServer {
public:
    TlsDavServer() {
        const auto cert = run_command({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                                       "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                                       dir_.file("key.pem"), "-out", dir_.file("cert.pem")});
        REQUIRE(cert.exit_code == 0);
        const auto pw = run_command({"openssl", "passwd", "-apr1", "tlspass"});
        std::ofstream(dir_.file("htpasswd")) << "tls:" << pw.out;
        std::filesystem::create_directories(dir_.file("www/dav"));
        std::filesystem::create_directories(dir_.file("body"));
        port_ = free_loopback_port();
        std::ofstream(dir_.file("nginx.conf"))
            << (geteuid() == 0 ? "user root root;\n" : "") << "worker_processes 1; daemon off; master_process off;\n"
            << "pid " << dir_.file("nginx.pid") << "; error_log " << dir_.file("error.log") << ";\n"
            << "events { worker_connections 32; }\n"
            << "http { access_log off; client_max_body_size 0; client_body_temp_path " << dir_.file("body") << ";\n"
            << "  server { listen 127.0.0.1:" << port_ << " ssl; root " << dir_.file("www") << ";\n"
            << "    ssl_certificate " << dir_.file("cert.pem") << "; ssl_certificate_key " << dir_.file("key.pem") << ";\n"
            << "    location /dav/ { auth_basic t; auth_basic_user_file " << dir_.file("htpasswd") << ";\n"
            << "      dav_methods PUT DELETE MKCOL; create_full_put_path on; } } }\n";
        server_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{"nginx", "-p", dir_.path(), "-c", dir_.file("nginx.conf")});
        REQUIRE(wait_for_port(port_, std::chrono::seconds(10)));
    }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/dav/"; }
    std::string cert() const { return dir_.file("cert.pem"); }
    std::string root() const { return dir_.file("www"); }

private:
    TempDir dir_{"clipnote-tls-"};
    int port_ = 0;
    std::unique_ptr<ChildProcess> server_;
};

std::string write_config(const TempDir& dir, const std::string& url, const std::string& ca_file) {
    const std::string path = dir.file("config.toml");
    std::ofstream(path) << "default = \"secure\"\n[destination.secure]\nkind = \"webdav\"\nurl = \"" << url
                        << "\"\nusername = \"tls\"\npassword_env = \"TLS_DAV_PASSWORD\"\npublic_base_url = \"" << url
                        << "\"\nshare_page = false\n"
                        << (ca_file.empty() ? "" : "ca_file = \"" + ca_file + "\"\n");
    return path;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("TLS: an unknown certificate is refused, a ca_file makes it trusted") {
    TlsDavServer server;
    TempDir dir;
    const std::string clip = dir.file("clip.mp4");
    write_random_file(clip, 300'000, 7);
    const EnvVars env{{"TLS_DAV_PASSWORD", "tlspass"}, {"XDG_DATA_HOME", dir.file("data")}, {"DISPLAY", ""}};

    const auto refused = run_command({CLIPNOTE_UPLOAD_CLI, "upload", clip, "--config", write_config(dir, server.url(), "")}, env);
    INFO("stderr: " << refused.err);
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("destination \"secure\"") != std::string::npos);
    CHECK((refused.err.find("certificate") != std::string::npos || refused.err.find("SSL") != std::string::npos));
    CHECK(refused.err.find("tlspass") == std::string::npos);

    const auto trusted = run_command(
        {CLIPNOTE_UPLOAD_CLI, "upload", clip, "--config", write_config(dir, server.url(), server.cert())}, env);
    INFO("stderr: " << trusted.err);
    REQUIRE(trusted.exit_code == 0);
    REQUIRE(trusted.out.rfind(server.url(), 0) == 0);
    const std::string path = trusted.out.substr(server.url().size(), trusted.out.find('\n') - server.url().size());
    CHECK(path.size() == 20 + std::string("/clip.mp4").size());  // "<id>/clip.mp4"
    CHECK(file_bytes(server.root() + "/dav/" + path) == file_bytes(clip));
}

TEST_CASE("the link stays on the X11 clipboard after clipnote exits, as plain text and as a titled HTML link") {
    XvfbSession x(640, 480);
    TempDir dir;
    const std::string clip = dir.file("clip.mp4");
    write_random_file(clip, 10'000, 3);
    const EnvVars env{{"DISPLAY", x.display()},
                      {"XDG_DATA_HOME", dir.file("data")},
                      {"XDG_CONFIG_HOME", dir.file("config")}};
    const auto r = run_command({CLIPNOTE_UPLOAD_CLI, "upload", clip, "--title", "Démo <1> & co"}, env);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    const std::string link = r.out.substr(0, r.out.find('\n'));
    CHECK(link.rfind("file://", 0) == 0);
    // clipnote has exited; the clipboard must still answer, in both shapes, as a paste asks.
    auto paste = [&](const std::string& target) {
        const auto p = run_command({"xclip", "-o", "-selection", "clipboard", "-t", target}, env, std::chrono::seconds(10));
        return p.exit_code == 0 ? p.out : "(xclip failed: " + p.err + ")";
    };
    CHECK(paste("UTF8_STRING") == link);
    CHECK(paste("text/plain") == link);
    CHECK(paste("TARGETS").find("text/html") != std::string::npos);
    CHECK(paste("text/html") == "<meta charset=\"utf-8\"><a href=\"" + link + "\">Démo &lt;1&gt; &amp; co</a>");

    // Markdown is pasted as typed: plain text only, no HTML twin to win over it.
    const auto md = run_command({CLIPNOTE_UPLOAD_CLI, "upload", clip, "--title", "Demo", "--link-format", "markdown"}, env);
    REQUIRE(md.exit_code == 0);
    const std::string md_link = md.out.substr(0, md.out.find('\n'));
    CHECK(paste("UTF8_STRING") == "[Demo](" + md_link + ")");
    CHECK(paste("TARGETS").find("text/html") == std::string::npos);
}
