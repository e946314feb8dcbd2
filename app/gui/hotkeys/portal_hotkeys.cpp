#include "app/gui/hotkeys/portal_hotkeys.h"

#include <cctype>
#include <sstream>

#include "capture/portal/portal_bus.h"
#include "common/error.h"

namespace clipnote::gui {

namespace {

constexpr const char* kShortcuts = "org.freedesktop.portal.GlobalShortcuts";

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string portal_trigger(const std::string& chord_text) {
    std::vector<std::string> parts;
    std::stringstream in(chord_text);
    for (std::string part; std::getline(in, part, '+');)
        if (!part.empty()) parts.push_back(part);
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::string p = lower(parts[i]);
        const bool key = i + 1 == parts.size();
        std::string word = parts[i];
        if (!key) {
            if (p == "ctrl" || p == "control") word = "CTRL";
            else if (p == "alt") word = "ALT";
            else if (p == "shift") word = "SHIFT";
            else if (p == "super" || p == "logo" || p == "win" || p == "meta") word = "LOGO";
        }
        out += (out.empty() ? "" : "+") + word;
    }
    return out;
}

PortalHotkeys::PortalHotkeys() : bus_(std::make_unique<PortalBus>()) {
    if (!bus_->property(kShortcuts, "version"))
        throw Error("this desktop has no GlobalShortcuts portal");
}

PortalHotkeys::~PortalHotkeys() {
    if (thread_.joinable()) {
        bus_->stop_dispatch();
        thread_.join();
    }
}

bool PortalHotkeys::take_triggers(GVariant* shortcuts) {
    bool changed = false;
    GVariantIter iter;
    g_variant_iter_init(&iter, shortcuts);
    const gchar* name = nullptr;
    GVariant* props = nullptr;
    std::lock_guard lock(mutex_);
    while (g_variant_iter_next(&iter, "(&s@a{sv})", &name, &props)) {
        VariantPtr owned(props);
        const auto id = ids_.find(name);
        if (id == ids_.end()) continue;
        const gchar* trigger = nullptr;
        const std::string text = g_variant_lookup(props, "trigger_description", "&s", &trigger) ? trigger : "";
        changed = changed || assigned_[id->second] != text;
        assigned_[id->second] = text;
    }
    return changed;
}

std::vector<HotkeyProblem> PortalHotkeys::bind_all(const std::vector<HotkeyRequest>& wanted) {
    std::vector<HotkeyProblem> problems;
    auto all_fail = [&](const std::string& why) {
        for (const HotkeyRequest& r : wanted) problems.push_back({r.id, why});
        return problems;
    };
    try {
        GVariantBuilder options;
        g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&options, "{sv}", "session_handle_token", g_variant_new_string("clipnote"));
        PortalBus::Answer created =
            bus_->request(kShortcuts, "CreateSession", &options, [](GVariant* o) { return g_variant_new("(@a{sv})", o); });
        const gchar* session = nullptr;
        if (created.code != PortalBus::kSuccess || !g_variant_lookup(created.results.get(), "session_handle", "&s", &session))
            return all_fail("the desktop's GlobalShortcuts portal gave no session");
        bus_->set_session(session);

        GVariantBuilder list;
        g_variant_builder_init(&list, G_VARIANT_TYPE("a(sa{sv})"));
        for (const HotkeyRequest& r : wanted) {
            const std::string id = r.name.empty() ? "hotkey-" + std::to_string(r.id) : r.name;
            ids_[id] = r.id;
            GVariantBuilder props;
            g_variant_builder_init(&props, G_VARIANT_TYPE_VARDICT);
            g_variant_builder_add(&props, "{sv}", "description", g_variant_new_string(r.description.c_str()));
            g_variant_builder_add(&props, "{sv}", "preferred_trigger", g_variant_new_string(portal_trigger(r.chord).c_str()));
            g_variant_builder_add(&list, "(s@a{sv})", id.c_str(), g_variant_builder_end(&props));
        }
        GVariant* shortcuts = g_variant_builder_end(&list);
        g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
        const std::string session_path = session;
        PortalBus::Answer bound = bus_->request(kShortcuts, "BindShortcuts", &options, [&](GVariant* o) {
            return g_variant_new("(o@a(sa{sv})s@a{sv})", session_path.c_str(), shortcuts, "", o);
        });
        if (bound.code == PortalBus::kCancelled) return all_fail("the desktop's shortcut dialog was cancelled: no hotkeys");
        if (bound.code != PortalBus::kSuccess) return all_fail("the desktop refused to bind the hotkeys");
        VariantPtr given(g_variant_lookup_value(bound.results.get(), "shortcuts", G_VARIANT_TYPE("a(sa{sv})")));
        if (given) take_triggers(given.get());
        for (const HotkeyRequest& r : wanted)
            if (assigned(r.id).empty())
                problems.push_back({r.id, "the desktop assigned no keys to \"" + r.description +
                                              "\": set them in its keyboard shortcut settings"});
    } catch (const std::exception& e) {
        return all_fail(e.what());
    }
    return problems;
}

void PortalHotkeys::start(std::function<void(int id)> on_press, std::function<void()> on_changed) {
    on_press_ = std::move(on_press);
    on_changed_ = std::move(on_changed);
    bus_->subscribe(kShortcuts, "Activated", [this](GVariant* params) {
        const gchar* session = nullptr;
        const gchar* id = nullptr;
        guint64 timestamp = 0;
        GVariant* options = nullptr;
        g_variant_get(params, "(&o&st@a{sv})", &session, &id, &timestamp, &options);
        VariantPtr owned(options);
        if (bus_->session() != session) return;
        const auto it = ids_.find(id);
        if (it != ids_.end() && on_press_) on_press_(it->second);
    });
    bus_->subscribe(kShortcuts, "ShortcutsChanged", [this](GVariant* params) {
        const gchar* session = nullptr;
        GVariant* shortcuts = nullptr;
        g_variant_get(params, "(&o@a(sa{sv}))", &session, &shortcuts);
        VariantPtr owned(shortcuts);
        if (bus_->session() == session && take_triggers(shortcuts) && on_changed_) on_changed_();
    });
    thread_ = std::thread([this] { bus_->dispatch(); });
}

std::string PortalHotkeys::assigned(int id) const {
    std::lock_guard lock(mutex_);
    const auto it = assigned_.find(id);
    return it == assigned_.end() ? "" : it->second;
}

}  // namespace clipnote::gui
