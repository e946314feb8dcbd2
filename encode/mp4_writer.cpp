#include "encode/mp4_writer.h"

#include <unistd.h>

#include <cstdio>
#include <vector>

#include "common/av_error.h"

extern "C" {
#include <libavutil/opt.h>
}

namespace clipnote {

namespace {

OutputFormatPtr open_output(const std::string& path, const char* format_name) {
    AVFormatContext* raw = nullptr;
    check_av(avformat_alloc_output_context2(&raw, nullptr, format_name, path.c_str()), "cannot write " + path);
    OutputFormatPtr ctx(raw);
    const int ret = avio_open(&ctx->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (ret < 0) throw Error("cannot write " + path + ": " + av_error_text(ret));
    return ctx;
}

}  // namespace

Mp4Writer::Mp4Writer(const std::string& path, const AVCodecContext& video, const AVCodecContext* audio,
                     bool fragmented)
    : path_(path), fragmented_(fragmented) {
    ctx_ = open_output(path, "mp4");
    const std::string what = "cannot write " + path;

    AVStream* vs = avformat_new_stream(ctx_.get(), nullptr);
    check_av(avcodec_parameters_from_context(vs->codecpar, &video), what);
    vs->time_base = video.time_base;
    vs->avg_frame_rate = video.framerate;
    video_stream_ = vs->index;
    video_time_base_ = video.time_base;
    if (audio) {
        AVStream* as = avformat_new_stream(ctx_.get(), nullptr);
        check_av(avcodec_parameters_from_context(as->codecpar, audio), what);
        as->time_base = audio->time_base;
        audio_stream_ = as->index;
        audio_time_base_ = audio->time_base;
    }

    AVDictionary* options = nullptr;
    if (fragmented) {
        av_dict_set(&options, "movflags", "+frag_keyframe+empty_moov+default_base_moof", 0);
        av_dict_set(&options, "frag_duration", "1000000", 0);  // a fragment at least every second
        ctx_->flush_packets = 1;  // hand each finished fragment to the OS right away
    }
    int ret = avformat_write_header(ctx_.get(), &options);
    av_dict_free(&options);
    if (ret >= 0) {
        avio_flush(ctx_->pb);
        ret = ctx_->pb->error;
    }
    if (ret < 0) {
        // avio_open made the file; a full disk leaves it empty or a torn header: not a recording.
        ctx_.reset();
        std::remove(path.c_str());
        throw Error(what + ": " + av_error_text(ret));
    }
    bytes_ = complete_bytes_ = avio_tell(ctx_->pb);
}

Mp4Writer::~Mp4Writer() {
    try {
        finish();
    } catch (...) {
        // The destructor only runs finish() on an error path, where the first error is what counts.
    }
}

void Mp4Writer::write(AVPacket& packet, int stream, AVRational codec_time_base, StreamShift& shift, bool& started) {
    if (finished_) return;
    if (!started) {
        started = true;
        shift.time_base = codec_time_base;
        if (fragmented_ && packet.dts != AV_NOPTS_VALUE && packet.dts < 0) shift.value = -packet.dts;
    }
    if (shift.value) {
        if (packet.pts != AV_NOPTS_VALUE) packet.pts += shift.value;
        if (packet.dts != AV_NOPTS_VALUE) packet.dts += shift.value;
    }
    packet.stream_index = stream;
    av_packet_rescale_ts(&packet, codec_time_base, ctx_->streams[stream]->time_base);
    const int ret = interleaved_ ? av_interleaved_write_frame(ctx_.get(), &packet) : av_write_frame(ctx_.get(), &packet);
    if (ret < 0) {
        salvage();
        throw Error("writing " + path_ + ": " + av_error_text(ret));
    }
    // The first picture goes to disk in a fragment of its own at once, not a second later: a file
    // killed in its first second then still plays (it would be a header and nothing else).
    if (fragmented_ && stream == video_stream_ && !first_fragment_written_) {
        first_fragment_written_ = true;
        int flushed = av_interleaved_write_frame(ctx_.get(), nullptr);  // out of the interleaving queue
        if (flushed >= 0) flushed = av_write_frame(ctx_.get(), nullptr);  // mov: cut the fragment here
        if (flushed < 0) {
            salvage();
            throw Error("writing " + path_ + ": " + av_error_text(flushed));
        }
    }
    bytes_ = avio_tell(ctx_->pb);
    // Each write hands whole fragments to the OS (flush_packets), so this is a clean end of file.
    if (fragmented_ && ctx_->pb->error >= 0) complete_bytes_ = bytes_;
}

void Mp4Writer::insert(const void* data, std::size_t size) {
    if (finished_) return;
    avio_write(ctx_->pb, static_cast<const unsigned char*>(data), static_cast<int>(size));
    check_io();
    bytes_ = avio_tell(ctx_->pb);
}

void Mp4Writer::overwrite(int64_t offset, const void* data, std::size_t size) {
    if (finished_) return;
    const int64_t end = avio_tell(ctx_->pb);
    int64_t ret = avio_seek(ctx_->pb, offset, SEEK_SET);
    if (ret >= 0) {
        avio_write(ctx_->pb, static_cast<const unsigned char*>(data), static_cast<int>(size));
        ret = avio_seek(ctx_->pb, end, SEEK_SET);  // flushes the rewritten bytes
    }
    if (ret < 0 && ctx_->pb->error >= 0) ctx_->pb->error = static_cast<int>(ret);
    check_io();
}

void Mp4Writer::check_io() {
    if (ctx_->pb->error < 0) {
        const int err = ctx_->pb->error;
        salvage();
        throw Error("writing " + path_ + ": " + av_error_text(err));
    }
}

void Mp4Writer::salvage() {
    finished_ = true;
    ctx_.reset();  // closing may write a little more of the failed fragment ...
    if (fragmented_ && complete_bytes_ > 0) {
        // ... so cut the file back to its last complete fragment: it plays up to there.
        if (truncate(path_.c_str(), complete_bytes_) == 0) bytes_ = complete_bytes_;
    }
}

void Mp4Writer::finish() {
    if (finished_) return;
    finished_ = true;
    int ret = av_write_trailer(ctx_.get());
    avio_flush(ctx_->pb);
    const int err = ctx_->pb->error;
    if (ret >= 0 && err < 0) ret = err;
    if (ret < 0) {
        salvage();
        throw Error("writing " + path_ + ": " + av_error_text(ret));
    }
    bytes_ = avio_tell(ctx_->pb);
    ctx_.reset();
}

void finalize_mp4(const std::string& fragmented_path, const std::string& final_path,
                  const std::vector<StreamShift>& shifts, const CancelFlag* cancel) {
    const std::string temp_path = final_path + ".finalizing";
    const std::string what = "finalizing " + final_path;
    try {
        AVFormatContext* raw_in = nullptr;
        check_av(avformat_open_input(&raw_in, fragmented_path.c_str(), nullptr, nullptr), what);
        InputFormatPtr in(raw_in);
        check_av(avformat_find_stream_info(in.get(), nullptr), what);

        OutputFormatPtr out = open_output(temp_path, "mp4");
        std::vector<int> map(in->nb_streams, -1);
        for (unsigned i = 0; i < in->nb_streams; ++i) {
            const AVCodecParameters* par = in->streams[i]->codecpar;
            if (par->codec_type != AVMEDIA_TYPE_VIDEO && par->codec_type != AVMEDIA_TYPE_AUDIO) continue;
            AVStream* os = avformat_new_stream(out.get(), nullptr);
            check_av(avcodec_parameters_copy(os->codecpar, par), what);
            os->codecpar->codec_tag = 0;
            os->time_base = in->streams[i]->time_base;
            map[i] = os->index;
        }
        AVDictionary* options = nullptr;
        av_dict_set(&options, "movflags", "+faststart", 0);
        const int header = avformat_write_header(out.get(), &options);
        av_dict_free(&options);
        check_av(header, what);

        PacketPtr packet = make_packet();
        while (av_read_frame(in.get(), packet.get()) >= 0) {
            if (cancel) cancel->check();
            const int target = map[size_t(packet->stream_index)];
            if (target >= 0) {
                const AVRational tb = in->streams[packet->stream_index]->time_base;
                if (size_t(target) < shifts.size() && shifts[size_t(target)].value) {
                    const int64_t back = av_rescale_q(shifts[size_t(target)].value, shifts[size_t(target)].time_base, tb);
                    if (packet->pts != AV_NOPTS_VALUE) packet->pts -= back;
                    if (packet->dts != AV_NOPTS_VALUE) packet->dts -= back;
                }
                av_packet_rescale_ts(packet.get(), tb, out->streams[target]->time_base);
                packet->stream_index = target;
                packet->pos = -1;
                check_av(av_interleaved_write_frame(out.get(), packet.get()), what);
            }
            av_packet_unref(packet.get());
        }
        check_av(av_write_trailer(out.get()), what);
        avio_flush(out->pb);
        if (out->pb->error < 0) throw Error(what + ": " + av_error_text(out->pb->error));
    } catch (...) {
        std::remove(temp_path.c_str());
        throw;
    }
    if (std::rename(temp_path.c_str(), final_path.c_str()) != 0) {
        std::remove(temp_path.c_str());
        throw Error(what + ": cannot replace the file");
    }
}

}  // namespace clipnote
