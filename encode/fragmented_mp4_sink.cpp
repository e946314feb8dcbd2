#include "encode/output_sink.h"

namespace clipnote {

namespace {

class FragmentedMp4Sink : public OutputSink {
public:
    FragmentedMp4Sink(const std::string& path, const AVCodecContext& video, const AVCodecContext* audio)
        : writer_(path, video, audio) {}
    void write_video(AVPacket& packet) override { writer_.write_video(packet); }
    void write_audio(AVPacket& packet) override { writer_.write_audio(packet); }
    void finish() override { writer_.finish(); }
    std::int64_t bytes_written() const override { return writer_.bytes_written(); }
    const std::string& path() const override { return writer_.path(); }
    std::vector<StreamShift> shifts() const override { return writer_.shifts(); }

private:
    Mp4Writer writer_;
};

}  // namespace

std::unique_ptr<OutputSink> make_fragmented_mp4_sink(const std::string& path, const AVCodecContext& video,
                                                     const AVCodecContext* audio) {
    return std::make_unique<FragmentedMp4Sink>(path, video, audio);
}

}  // namespace clipnote
