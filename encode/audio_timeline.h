#pragma once
// One audio source's samples placed on the output timeline. Contiguous audio stays contiguous
// (timestamp jitter is ignored). A source's clock drifts against the capture clock (USB
// microphones by tens to hundreds of ppm): the difference between where its samples land by
// count and where their capture timestamps put them is smoothed and turned into a small rate
// correction (rate_correction(), at most kMaxRateCorrection) that the caller applies while
// resampling (AudioNormalizer), so the difference stays within a few ms without a cut. Only a
// jump of more than `tolerance` (a real gap: a device that paused, or an overlap) re-anchors at
// once: a gap is filled with silence, an overlap is overwritten by the late samples. Reading a
// range that was never written yields silence. The buffer is a fixed ring: memory stays flat.
#include <cstdint>
#include <vector>

namespace clipnote {

class AudioTimeline {
public:
    static constexpr double kMaxRateCorrection = 0.01;  // +-1 %: 17 cents, only for a broken clock

    AudioTimeline(int sample_rate, int channels, double capacity_seconds = 10.0, double tolerance_seconds = 0.1);

    void set_origin(int64_t origin_us) { origin_us_ = origin_us; }
    void shift_origin(int64_t by_us) { origin_us_ += by_us; }

    // Planar float samples whose first sample was captured at `capture_us`.
    void write(const float* const* planes, int nb_samples, int64_t capture_us);

    // Adds (mixes) samples [from, from + n) into `out` planes; positions never written add nothing.
    // Reading also releases everything before `from + n`.
    void mix_into(int64_t from, int n, float* const* out);

    int64_t written_end() const { return written_end_; }
    uint64_t resyncs() const { return resyncs_; }

    // Relative change of the source's sample rate that brings its samples back to their capture
    // timestamps: +0.001 = make 0.1 % more samples (the source runs slow). Apply it to the samples
    // written next.
    double rate_correction() const { return correction_; }
    // Where the last samples should have started by their timestamp minus where they did, in
    // seconds (unsmoothed): positive = the audio is early.
    double offset_seconds() const { return offset_s_; }

private:
    int64_t expected_position(int64_t capture_us) const;
    float& at(int channel, int64_t position);

    int rate_;
    int channels_;
    int64_t capacity_;
    int64_t tolerance_;
    int64_t origin_us_ = 0;
    std::vector<std::vector<float>> ring_;
    int64_t read_pos_ = 0;     // everything before this was consumed
    int64_t written_end_ = 0;  // one past the last written sample
    bool started_ = false;
    uint64_t resyncs_ = 0;
    // Drift control (a PI controller on the smoothed offset).
    double offset_s_ = 0, smoothed_s_ = 0, integral_ = 0, correction_ = 0;
};

}  // namespace clipnote
