#pragma once
// One audio source's samples placed on the output timeline. Contiguous audio stays contiguous
// (timestamp jitter is ignored); a jump of more than `tolerance` between where the samples
// should go and where the last ones ended is a gap (filled with silence) or an overlap (the
// late samples overwrite), which is how a source's clock drift is corrected. Reading a range
// that was never written yields silence. The buffer is a fixed ring: memory stays flat.
#include <cstdint>
#include <vector>

namespace clipnote {

class AudioTimeline {
public:
    AudioTimeline(int sample_rate, int channels, double capacity_seconds = 10.0, double tolerance_seconds = 0.05);

    void set_origin(int64_t origin_us) { origin_us_ = origin_us; }
    void shift_origin(int64_t by_us) { origin_us_ += by_us; }

    // Planar float samples whose first sample was captured at `capture_us`.
    void write(const float* const* planes, int nb_samples, int64_t capture_us);

    // Adds (mixes) samples [from, from + n) into `out` planes; positions never written add nothing.
    // Reading also releases everything before `from + n`.
    void mix_into(int64_t from, int n, float* const* out);

    int64_t written_end() const { return written_end_; }
    uint64_t resyncs() const { return resyncs_; }

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
};

}  // namespace clipnote
