#include "encode/gif/lzw_encoder.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <array>

namespace clipnote::gif {

namespace {

constexpr int kMaxCode = 4095;

// Packs codes least-significant bit first and cuts the stream into GIF's sub-blocks.
class CodeWriter {
public:
    explicit CodeWriter(std::vector<uint8_t>& out) : out_(out) {}

    void put(int code, int bits) {
        acc_ |= uint32_t(code) << nbits_;
        nbits_ += bits;
        while (nbits_ >= 8) {
            byte(uint8_t(acc_ & 0xff));
            acc_ >>= 8;
            nbits_ -= 8;
        }
    }

    void finish() {
        if (nbits_ > 0) byte(uint8_t(acc_ & 0xff));
        acc_ = 0;
        nbits_ = 0;
        flush_block();
        out_.push_back(0);  // block terminator
    }

private:
    void byte(uint8_t b) {
        block_[block_len_++] = b;
        if (block_len_ == 255) flush_block();
    }
    void flush_block() {
        if (block_len_ == 0) return;
        out_.push_back(uint8_t(block_len_));
        out_.insert(out_.end(), block_.begin(), block_.begin() + block_len_);
        block_len_ = 0;
    }

    std::vector<uint8_t>& out_;
    uint32_t acc_ = 0;
    int nbits_ = 0;
    std::array<uint8_t, 255> block_{};
    int block_len_ = 0;
};

// The code table as a hash from (prefix code, next index) to code. Entries carry the generation
// they were made in, so a clear code empties the table without touching it.
class CodeTable {
public:
    CodeTable() : slots_(kSlots) {}

    void clear() { ++generation_; }

    int find(int prefix, int index) const {
        const uint32_t key = key_of(prefix, index);
        for (uint32_t h = hash(key);; h = (h + 1) & (kSlots - 1)) {
            const Slot& s = slots_[h];
            if (s.generation != generation_) return -1;
            if (s.key == key) return s.code;
        }
    }

    void add(int prefix, int index, int code) {
        const uint32_t key = key_of(prefix, index);
        uint32_t h = hash(key);
        while (slots_[h].generation == generation_) h = (h + 1) & (kSlots - 1);
        slots_[h] = {key, uint16_t(code), generation_};
    }

private:
    static constexpr uint32_t kSlots = 16384;  // > 4096 entries at a low load factor
    struct Slot {
        uint32_t key = 0;
        uint16_t code = 0;
        uint32_t generation = 0;
    };
    static uint32_t key_of(int prefix, int index) { return (uint32_t(prefix) << 8) | uint32_t(index); }
    static uint32_t hash(uint32_t key) { return (key * 2654435761u) >> (32 - 14); }

    std::vector<Slot> slots_;
    uint32_t generation_ = 1;
};

// For each palette index, the other indices within the allowed distance, nearest first.
std::vector<std::vector<uint8_t>> near_colours(const LzwInput& in) {
    std::vector<std::vector<uint8_t>> near;
    if (!in.palette || in.max_error_sq <= 0) return near;
    const auto& pal = *in.palette;
    near.resize(pal.size());
    for (size_t a = 0; a < pal.size(); ++a) {
        if (int(a) == in.transparent) continue;
        std::vector<std::pair<int, uint8_t>> found;
        for (size_t b = 0; b < pal.size(); ++b) {
            if (a == b || int(b) == in.transparent) continue;
            const int dr = pal[a].r - pal[b].r, dg = pal[a].g - pal[b].g, db = pal[a].b - pal[b].b;
            const int d = dr * dr + dg * dg + db * db;
            if (d <= in.max_error_sq) found.emplace_back(d, uint8_t(b));
        }
        std::sort(found.begin(), found.end());
        for (auto& [d, b] : found) near[a].push_back(b);
    }
    return near;
}

}  // namespace

std::vector<uint8_t> lzw_encode(const LzwInput& in, std::vector<uint8_t>* shown) {
    const int m = std::clamp(in.min_code_size, 2, 8);
    const int clear_code = 1 << m;
    const int end_code = clear_code + 1;
    std::vector<uint8_t> out;
    out.reserve(in.count / 2 + 16);
    out.push_back(uint8_t(m));
    CodeWriter writer(out);
    CodeTable table;
    const auto near = near_colours(in);
    if (shown) shown->assign(in.indices, in.indices + in.count);

    int code_size = m + 1;
    int last_code = end_code;  // the highest code in the table
    writer.put(clear_code, code_size);
    if (in.count == 0) {
        writer.put(end_code, code_size);
        writer.finish();
        return out;
    }

    // Lossy mode: the colour error the substitutions of the current run add up to, per channel.
    // A substitution must keep it within the allowed distance: grain (errors of both signs) is
    // absorbed, but a gradient (errors of one sign) ends its run early instead of streaking.
    const int run_limit = near.empty() ? 0 : int(std::sqrt(double(in.max_error_sq)));
    int run_error[3] = {0, 0, 0};
    int current = in.indices[0];
    for (size_t i = 1; i < in.count; ++i) {
        const int index = in.indices[i];
        int next = table.find(current, index);
        if (next < 0 && !near.empty() && index < int(near.size())) {
            const Rgb& want = (*in.palette)[size_t(index)];
            for (uint8_t alt : near[size_t(index)]) {
                const Rgb& got = (*in.palette)[alt];
                const int er = run_error[0] + got.r - want.r, eg = run_error[1] + got.g - want.g, eb = run_error[2] + got.b - want.b;
                if (std::abs(er) > run_limit || std::abs(eg) > run_limit || std::abs(eb) > run_limit) continue;
                next = table.find(current, alt);
                if (next >= 0) {
                    run_error[0] = er, run_error[1] = eg, run_error[2] = eb;
                    if (shown) (*shown)[i] = alt;
                    break;
                }
            }
        }
        if (next >= 0) {
            current = next;
            continue;
        }
        run_error[0] = run_error[1] = run_error[2] = 0;
        writer.put(current, code_size);
        table.add(current, index, ++last_code);
        if (last_code >= (1 << code_size) && code_size < 12) ++code_size;
        if (last_code == kMaxCode) {
            writer.put(clear_code, code_size);
            table.clear();
            code_size = m + 1;
            last_code = end_code;
        }
        current = index;
    }
    writer.put(current, code_size);
    // The decoder adds one more entry on reading that last code and may widen before the end code.
    if (last_code + 1 >= (1 << code_size) && code_size < 12 && last_code != end_code) ++code_size;
    writer.put(end_code, code_size);
    writer.finish();
    return out;
}

}  // namespace clipnote::gif
