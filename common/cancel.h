#pragma once
// A flag one thread raises to make a long step on another thread give up, and the error that
// step throws when it does. Used by the post-recording steps (finalise, GIF).
#include <atomic>

#include "common/error.h"

namespace clipnote {

class CancelFlag {
public:
    void cancel() { cancelled_ = true; }
    bool cancelled() const { return cancelled_; }
    // Throws Cancelled when raised: call between units of work.
    void check() const;

private:
    std::atomic<bool> cancelled_{false};
};

class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

inline void CancelFlag::check() const {
    if (cancelled_) throw Cancelled();
}

}  // namespace clipnote
