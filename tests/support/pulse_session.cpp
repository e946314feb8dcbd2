#include "support/pulse_session.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <numbers>
#include <stdexcept>
#include <thread>

namespace clipnote::test {
namespace {

constexpr int kRate = 48000;
constexpr auto kReadyTimeout = std::chrono::seconds(10);

// Interleaved stereo s16le samples of a sine at half of full scale (-6 dBFS) with short fades,
// so the start and end are clean onsets rather than clicks.
std::vector<int16_t> sine_s16_stereo(double frequency_hz, double seconds) {
    const auto frames = static_cast<size_t>(std::llround(seconds * kRate));
    const size_t fade = std::min<size_t>(kRate / 200, frames / 2);  // 5 ms
    std::vector<int16_t> samples(frames * 2);
    for (size_t i = 0; i < frames; ++i) {
        double gain = 0.5;
        size_t edge = std::min(i, frames - 1 - i);
        if (edge < fade)
            gain *= 0.5 - 0.5 * std::cos(std::numbers::pi * static_cast<double>(edge) /
                                         static_cast<double>(fade));
        double v =
            gain * std::sin(2 * std::numbers::pi * frequency_hz * static_cast<double>(i) / kRate);
        auto s = static_cast<int16_t>(std::lround(v * 32767));
        samples[2 * i] = samples[2 * i + 1] = s;
    }
    return samples;
}

}  // namespace

PulseSession::PulseSession() : dir_("clipnote-pulse-") {
    // An isolated HOME/XDG_RUNTIME_DIR keeps the daemon away from any user's pulse setup; we run as
    // root, where pulseaudio only agrees to start in this non-system, no-default-script form.
    std::ofstream(dir_.file("client.conf")) << "autospawn = no\n";
    const std::string& dir = dir_.path();
    EnvVars daemon_env{
        {"XDG_RUNTIME_DIR", dir}, {"HOME", dir}, {"PULSE_RUNTIME_PATH", dir + "/rt"}};
    daemon_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
            "--log-target=stderr", "--system=no", "-L",
            "module-native-protocol-unix socket=" + dir + "/native auth-anonymous=1", "-L",
            "module-null-sink sink_name=clipnote_sink rate=48000", "-L",
            "module-remap-source master=clipnote_sink.monitor source_name=clipnote_mic"},
        daemon_env);

    const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
    for (;;) {
        if (!daemon_->running())
            throw std::runtime_error("pulseaudio exited with code " +
                                     std::to_string(daemon_->exit_code().value_or(-1)) + ": " +
                                     daemon_->stderr_text());
        if (pactl({"info"}).exit_code == 0) break;
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("pulseaudio not ready within 10 s: " + daemon_->stderr_text());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto args : {std::vector<std::string>{"set-default-source", mic_source()},
                      std::vector<std::string>{"set-default-sink", sink()}}) {
        RunResult r = pactl(args);
        if (r.exit_code != 0) throw std::runtime_error("pactl " + args[0] + " failed: " + r.err);
    }
}

PulseSession::~PulseSession() = default;  // daemon_ stops before dir_ is removed (member order)

std::string PulseSession::server() const { return "unix:" + dir_.path() + "/native"; }

EnvVars PulseSession::env() const {
    return {{"PULSE_SERVER", server()},
            {"PULSE_CLIENTCONFIG", dir_.file("client.conf")},
            {"PULSE_COOKIE", dir_.file("cookie")}};
}

RunResult PulseSession::pactl(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"pactl"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, env(), std::chrono::seconds(10));
}

std::unique_ptr<ChildProcess> PulseSession::play_tone(double frequency_hz, double seconds) {
    std::string path = dir_.file("tone" + std::to_string(tone_files_++) + ".raw");
    std::vector<int16_t> samples = sine_s16_stereo(frequency_hz, seconds);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(samples.data()),
               static_cast<std::streamsize>(samples.size() * sizeof(int16_t)));
    // A short requested latency makes the tone start (and end) close to when pacat runs.
    return std::make_unique<ChildProcess>(
        std::vector<std::string>{"pacat", "--device=" + sink(), "--format=s16le", "--rate=48000",
                                 "--channels=2", "--latency-msec=20", path},
        env());
}

}  // namespace clipnote::test
