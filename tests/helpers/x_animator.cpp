// x_animator: a plain Xlib window whose content a test can predict, to be captured by clipnote.
//
//   x_animator --title NAME [--geometry WxH+X+Y] --mode moving|still|flash|split
//
// Prints "ready 0x<window id> monotonic=<CLOCK_MONOTONIC seconds at the first frame>" once the
// window is mapped and drawn, then animates until SIGTERM/SIGINT. Modes:
//   moving  dark background, a bright box moving every 1/30 s, a top colour band changing every
//           frame, and the frame number in binary in the bottom-left strip (see draw_counter)
//   still   a fixed pattern (colour bars over a checkerboard), redrawn only on Expose
//   flash   black, pure white for exactly one 1/30 s frame at each whole second after the first
//           frame (CLOCK_MONOTONIC)
//   split   left half pure red (255,0,0), right half pure blue (0,0,255)
// Every frame is drawn into a back-buffer pixmap and copied in one request, so a screen grab never
// sees a half-drawn frame.
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <signal.h>
#include <sys/select.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr int kFps = 30;

volatile sig_atomic_t g_stop = 0;
void on_stop_signal(int) { g_stop = 1; }

enum class Mode { moving, still, flash, split };

struct Rgb {
    unsigned r, g, b;
};

double monotonic_s() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Rgb hue(int degrees) {  // fully saturated colour on the hue circle, for the moving band
    int h = ((degrees % 360) + 360) % 360;
    unsigned x = static_cast<unsigned>(255 * (60 - std::abs(h % 120 - 60)) / 60);
    switch (h / 60) {
        case 0:
            return {255, x, 0};
        case 1:
            return {x, 255, 0};
        case 2:
            return {0, 255, x};
        case 3:
            return {0, x, 255};
        case 4:
            return {x, 0, 255};
        default:
            return {255, 0, x};
    }
}

// Owns the window, its back buffer and GC; knows how to turn RGB into a TrueColor pixel.
class Canvas {
public:
    Canvas(Display* d, Window w, int width, int height)
        : d_(d), w_(w), width_(width), height_(height) {
        int screen = DefaultScreen(d);
        visual_ = DefaultVisual(d, screen);
        back_ = XCreatePixmap(d, w, static_cast<unsigned>(width), static_cast<unsigned>(height),
                              static_cast<unsigned>(DefaultDepth(d, screen)));
        gc_ = XCreateGC(d, back_, 0, nullptr);
    }
    ~Canvas() {
        XFreeGC(d_, gc_);
        XFreePixmap(d_, back_);
    }
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;

    int width() const { return width_; }
    int height() const { return height_; }

    void fill(Rgb c, int x, int y, int w, int h) {
        if (w <= 0 || h <= 0) return;
        XSetForeground(d_, gc_, pixel(c));
        XFillRectangle(d_, back_, gc_, x, y, static_cast<unsigned>(w), static_cast<unsigned>(h));
    }
    // Copies the back buffer to the window and waits until the server has done it, so whatever
    // happens next (a grab, the "ready" line) sees this frame.
    void present() {
        XCopyArea(d_, back_, w_, gc_, 0, 0, static_cast<unsigned>(width_),
                  static_cast<unsigned>(height_), 0, 0);
        XSync(d_, False);
    }

private:
    static unsigned long channel(unsigned v, unsigned long mask) {
        if (mask == 0) return 0;
        int shift = __builtin_ctzl(mask);
        unsigned long max = mask >> shift;
        return ((v * max + 127) / 255) << shift;
    }
    unsigned long pixel(Rgb c) const {
        return channel(c.r, visual_->red_mask) | channel(c.g, visual_->green_mask) |
               channel(c.b, visual_->blue_mask);
    }

    Display* d_;
    Window w_;
    int width_, height_;
    Visual* visual_;
    Pixmap back_;
    GC gc_;
};

// The frame number, 12 bits LSB first, as cells of the bottom strip: cell i spans
// x in [i*W/24, (i+1)*W/24), y in [H - H/12, H); white = 1, black = 0.
void draw_counter(Canvas& c, int64_t frame) {
    int top = c.height() - c.height() / 12;
    for (int i = 0; i < 12; ++i) {
        int x0 = i * c.width() / 24, x1 = (i + 1) * c.width() / 24;
        Rgb colour = (frame >> i) & 1 ? Rgb{255, 255, 255} : Rgb{0, 0, 0};
        c.fill(colour, x0, top, x1 - x0, c.height() - top);
    }
}

void draw_moving(Canvas& c, int64_t frame) {
    const int w = c.width(), h = c.height();
    const int band = std::max(1, h / 10), strip = h / 12;
    const int box = std::max(8, std::min(w, h) / 8);
    c.fill({16, 16, 24}, 0, 0, w, h);
    c.fill(hue(static_cast<int>(frame * 12)), 0, 0, w, band);
    // The box bounces inside the area between the band and the counter strip.
    auto bounce = [](int64_t pos, int span) -> int {
        if (span <= 0) return 0;
        int64_t p = pos % (2 * span);
        return static_cast<int>(p < span ? p : 2 * span - p);
    };
    const int step = std::max(4, (w - box) / 60);
    int x = bounce(frame * step, w - box);
    int y = band + bounce(frame * std::max(2, step / 2), h - band - strip - box);
    c.fill({250, 220, 40}, x, y, box, box);
    draw_counter(c, frame);
}

void draw_still(Canvas& c) {
    const int w = c.width(), h = c.height();
    const int square = std::max(4, std::min(w, h) / 16);
    for (int y = h / 2; y < h; y += square)
        for (int x = 0; x < w; x += square)
            c.fill(((x / square + y / square) % 2) ? Rgb{255, 255, 255} : Rgb{0, 0, 0}, x, y,
                   square, square);
    const Rgb bars[] = {{255, 255, 255}, {255, 255, 0}, {0, 255, 255}, {0, 255, 0},
                        {255, 0, 255},   {255, 0, 0},   {0, 0, 255},   {0, 0, 0}};
    for (int i = 0; i < 8; ++i) {
        int x0 = i * w / 8, x1 = (i + 1) * w / 8;
        c.fill(bars[i], x0, 0, x1 - x0, h / 2);
    }
}

void draw_split(Canvas& c) {
    c.fill({255, 0, 0}, 0, 0, c.width() / 2, c.height());
    c.fill({0, 0, 255}, c.width() / 2, 0, c.width() - c.width() / 2, c.height());
}

bool flash_on(int64_t frame) { return frame > 0 && frame % kFps == 0; }

// Draws `frame` into the back buffer; returns false when it looks like the last drawn frame.
bool draw(Canvas& c, Mode mode, int64_t frame, int64_t last_frame) {
    switch (mode) {
        case Mode::moving:
            draw_moving(c, frame);
            return true;
        case Mode::still:
            if (last_frame >= 0) return false;
            draw_still(c);
            return true;
        case Mode::split:
            if (last_frame >= 0) return false;
            draw_split(c);
            return true;
        case Mode::flash:
            if (last_frame >= 0 && flash_on(frame) == flash_on(last_frame)) return false;
            if (flash_on(frame))
                c.fill({255, 255, 255}, 0, 0, c.width(), c.height());
            else
                c.fill({0, 0, 0}, 0, 0, c.width(), c.height());
            return true;
    }
    return false;
}

bool parse_mode(const std::string& s, Mode& mode) {
    if (s == "moving")
        mode = Mode::moving;
    else if (s == "still")
        mode = Mode::still;
    else if (s == "flash")
        mode = Mode::flash;
    else if (s == "split")
        mode = Mode::split;
    else
        return false;
    return true;
}

int usage() {
    std::fprintf(stderr,
                 "usage: x_animator --title NAME [--geometry WxH+X+Y] "
                 "--mode moving|still|flash|split\n");
    return 2;
}

void set_title(Display* d, Window w, const std::string& title) {
    XStoreName(d, w, title.c_str());  // WM_NAME
    Atom net_wm_name = XInternAtom(d, "_NET_WM_NAME", False);
    Atom utf8 = XInternAtom(d, "UTF8_STRING", False);
    XChangeProperty(d, w, net_wm_name, utf8, 8, PropModeReplace,
                    reinterpret_cast<const unsigned char*>(title.data()),
                    static_cast<int>(title.size()));
    XClassHint hint{const_cast<char*>("x_animator"), const_cast<char*>("x_animator")};
    XSetClassHint(d, w, &hint);
}

}  // namespace

int main(int argc, char** argv) {
    std::string title = "x_animator", geometry;
    Mode mode = Mode::moving;
    bool have_mode = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc) return usage();
        std::string value = argv[++i];
        if (arg == "--title")
            title = value;
        else if (arg == "--geometry")
            geometry = value;
        else if (arg == "--mode" && parse_mode(value, mode))
            have_mode = true;
        else
            return usage();
    }
    if (!have_mode) return usage();

    // Signals stay blocked except inside pselect(), so a SIGTERM can never slip in between
    // checking g_stop and going to sleep.
    sigset_t stop_signals, wait_mask;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigprocmask(SIG_BLOCK, &stop_signals, &wait_mask);
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    Display* d = XOpenDisplay(nullptr);
    if (d == nullptr) {
        std::fprintf(stderr, "x_animator: cannot open display '%s'\n",
                     std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "");
        return 1;
    }
    int screen = DefaultScreen(d);
    if (DefaultVisual(d, screen)->c_class != TrueColor) {
        std::fprintf(stderr, "x_animator: needs a TrueColor visual\n");
        return 1;
    }
    int x = 0, y = 0;
    unsigned width = static_cast<unsigned>(DisplayWidth(d, screen));
    unsigned height = static_cast<unsigned>(DisplayHeight(d, screen));
    if (!geometry.empty()) {
        int mask = XParseGeometry(geometry.c_str(), &x, &y, &width, &height);
        if (!(mask & WidthValue) || !(mask & HeightValue)) return usage();
    }

    Window w = XCreateSimpleWindow(d, RootWindow(d, screen), x, y, width, height, 0,
                                   BlackPixel(d, screen), BlackPixel(d, screen));
    set_title(d, w, title);
    XSizeHints* hints = XAllocSizeHints();
    hints->flags = USPosition | USSize;
    hints->x = x;
    hints->y = y;
    hints->width = static_cast<int>(width);
    hints->height = static_cast<int>(height);
    XSetWMNormalHints(d, w, hints);
    XFree(hints);
    XSelectInput(d, w, ExposureMask | StructureNotifyMask);
    XMapWindow(d, w);
    for (XEvent ev; !g_stop;) {
        XNextEvent(d, &ev);
        if (ev.type == MapNotify && ev.xmap.window == w) break;
    }

    {
        Canvas canvas(d, w, static_cast<int>(width), static_cast<int>(height));
        const double t0 = monotonic_s();
        draw(canvas, mode, 0, -1);
        canvas.present();
        std::printf("ready 0x%lx monotonic=%.6f\n", w, t0);
        std::fflush(stdout);

        const bool animated = mode == Mode::moving || mode == Mode::flash;
        const int fd = ConnectionNumber(d);
        int64_t last_frame = 0;
        while (!g_stop) {
            if (animated) {
                auto frame = static_cast<int64_t>(std::floor((monotonic_s() - t0) * kFps));
                if (frame != last_frame) {
                    if (mode == Mode::flash && frame / kFps != last_frame / kFps &&
                        frame % kFps != 0)
                        std::fprintf(stderr, "x_animator: overslept, missed the flash at %lld s\n",
                                     static_cast<long long>(frame / kFps));
                    if (draw(canvas, mode, frame, last_frame)) canvas.present();
                    last_frame = frame;
                }
            }
            // present() may have queued events without them being on the socket any more: drain
            // Xlib's queue before sleeping on the fd.
            while (XPending(d)) {
                XEvent ev;
                XNextEvent(d, &ev);
                if (ev.type == Expose && ev.xexpose.count == 0) canvas.present();
            }
            fd_set fds;
            FD_ZERO(&fds);
            FD_SET(fd, &fds);
            double wait_s = 1.0;
            if (animated)
                wait_s =
                    std::max(0.0, t0 + static_cast<double>(last_frame + 1) / kFps - monotonic_s());
            timespec ts{static_cast<time_t>(wait_s),
                        static_cast<long>((wait_s - std::floor(wait_s)) * 1e9)};
            pselect(fd + 1, &fds, nullptr, nullptr, &ts, &wait_mask);
        }
    }
    XDestroyWindow(d, w);
    XCloseDisplay(d);
    return 0;
}
