// What a service declares about itself beside its transition table: its
// name and summary, how many actors of it a model has, and how the diagrams
// draw it. The registry (statemachines/registry.h) collects these, so the
// layout, `describe`, the machine diagrams and the sequence diagrams all read
// one declaration per service.
#pragma once

#include "statemachines/switches.h"

#include <initializer_list>

namespace smsmc::sm {

/// How the parent's Hierarchy Manager works through the sites' upgrades
/// (spec/shared-parent.md).
enum class HmMode {
  one_job_per_site,  // today's model: every site's job runs independently
  one_at_a_time,     // one HM serves one site at a time, from UBS start to package sent
};

/// The parent-side resources every site shares (spec/shared-parent.md). The
/// defaults are the model without a shared parent: independent HM jobs and
/// one sender link per site.
struct SharedParent {
  HmMode hm = HmMode::one_job_per_site;
  /// Packages carried at once over all sites; 0: unlimited (each site's
  /// link carries its own package whenever it has one).
  int sender_slots = 0;

  [[nodiscard]] bool one_hm() const { return hm == HmMode::one_at_a_time; }
  [[nodiscard]] bool slots_limited() const { return sender_slots > 0; }
  [[nodiscard]] bool shared() const { return one_hm() || slots_limited(); }
  friend bool operator==(const SharedParent& a, const SharedParent& b) {
    return a.hm == b.hm && a.sender_slots == b.sender_slots;
  }
  friend bool operator!=(const SharedParent& a, const SharedParent& b) { return !(a == b); }
};

/// The model's parameters: everything an instance count, a lane or a guard
/// may depend on.
struct Params {
  int sites = 1;          // N secondary sites
  int logon_servers = 1;  // M logon servers per site
  /// Environment: the operator is on duty (the workaround check).
  bool operator_on_duty = false;
  /// Timed mode (spec/timing.md): the watchdog is a real 48-hour timer,
  /// armed when UBS starts, rather than the untimed model's "fires once
  /// the site is stuck".
  bool timed = false;
  Switches switches;  // the protocol variant
  SharedParent parent{};
};

/// Where a service's actors belong. Its actors are laid out per scope unit:
/// the parent's first, then each site's, in registry order.
enum class Scope {
  parent,  // the parent site: actors named name or name[i]
  site,    // each secondary site: actors named name[s], or name[s.i] when indexed
};

/// The band of a sequence diagram a service's lifelines are drawn in.
enum class Band { parent, link, secondary };

/// A service's declaration, built with named setters in a constexpr
/// expression next to its transition table, e.g.
///
///     static constexpr ServiceTraits traits = ServiceTraits{}
///         .name("despooler").summary("...")
///         .title("Despooler").band(Band::secondary)
///         .kb_lines({despooler::log_c0000001});
///
/// The registry refuses (at compile time) a service without a name, title
/// or summary.
class ServiceTraits {
 public:
  using Count = int (*)(const Params&);
  static constexpr int max_kb_lines = 8;

  /// Used in actor names ("despooler[1]"), traces and `describe`.
  constexpr ServiceTraits name(const char* value) const {
    ServiceTraits out = *this;
    out.name_ = value;
    return out;
  }
  /// One line: the service's role.
  constexpr ServiceTraits summary(const char* value) const {
    ServiceTraits out = *this;
    out.summary_ = value;
    return out;
  }
  /// The lifeline's heading in sequence diagrams ("Despooler"); `plural`
  /// heads a lane that groups many instances (default: title + "s").
  constexpr ServiceTraits title(const char* one, const char* plural = nullptr) const {
    ServiceTraits out = *this;
    out.title_ = one;
    out.plural_ = plural;
    return out;
  }
  constexpr ServiceTraits band(Band value) const {
    ServiceTraits out = *this;
    out.band_ = value;
    return out;
  }

  /// One actor per secondary site (the default).
  constexpr ServiceTraits one_per_site() const { return instances(Scope::site, false, nullptr); }
  /// `count(params)` actors per secondary site, named name[s.i].
  constexpr ServiceTraits per_site(Count count) const { return instances(Scope::site, true, count); }
  /// `count(params)` actors at the parent site (null: exactly one, named
  /// without an index).
  constexpr ServiceTraits per_parent(Count count = nullptr) const {
    return instances(Scope::parent, count != nullptr, count);
  }
  /// At most one actor at the parent, named without an index: `count(params)`
  /// is 0 or 1 (a service only some parameters have).
  constexpr ServiceTraits optional_at_parent(Count count) const { return instances(Scope::parent, false, count); }

  /// The service's state and rows never name a site: it serves the sites
  /// without knowing which (a counter, a free/busy flag), and every site
  /// reaches it alike. Site symmetry (spec/site_symmetry.h) allows parent
  /// actors only of such services; spec/shared-parent.md says why that is
  /// enough.
  constexpr ServiceTraits site_blind() const {
    ServiceTraits out = *this;
    out.site_blind_ = true;
    return out;
  }

  /// The service's lifelines are drawn only when `drawn(params)` holds (and
  /// whenever one of its actors acts in the trace). Default: always.
  constexpr ServiceTraits drawn_when(bool (*drawn)(const Params&)) const {
    ServiceTraits out = *this;
    out.drawn_ = drawn;
    return out;
  }
  /// Messages to this service move the site install package, the race's
  /// story: sequence diagrams draw them in their own colour.
  constexpr ServiceTraits package_hop() const {
    ServiceTraits out = *this;
    out.package_hop_ = true;
    return out;
  }
  /// Log lines of this service that the KB quotes: drawn in red.
  constexpr ServiceTraits kb_lines(std::initializer_list<const char*> lines) const {
    ServiceTraits out = *this;
    out.kb_count_ = 0;
    for (const char* line : lines) {
      if (out.kb_count_ == max_kb_lines) throw "ServiceTraits::kb_lines: more than max_kb_lines lines";
      out.kb_[out.kb_count_++] = line;
    }
    return out;
  }

  [[nodiscard]] constexpr const char* name() const { return name_; }
  [[nodiscard]] constexpr const char* summary() const { return summary_; }
  [[nodiscard]] constexpr const char* title() const { return title_; }
  [[nodiscard]] constexpr const char* plural() const { return plural_; }  // null: title + "s"
  [[nodiscard]] constexpr Band band() const { return band_; }
  [[nodiscard]] constexpr Scope scope() const { return scope_; }
  /// Several actors per scope unit, named with an index.
  [[nodiscard]] constexpr bool indexed() const { return indexed_; }
  /// Actors per scope unit for these parameters.
  [[nodiscard]] int count(const Params& params) const { return count_ == nullptr ? 1 : count_(params); }
  [[nodiscard]] bool drawn(const Params& params) const { return drawn_ == nullptr || drawn_(params); }
  [[nodiscard]] constexpr bool is_package_hop() const { return package_hop_; }
  [[nodiscard]] constexpr bool is_site_blind() const { return site_blind_; }
  [[nodiscard]] constexpr int kb_line_count() const { return kb_count_; }
  [[nodiscard]] constexpr const char* kb_line(int i) const { return kb_[i]; }

 private:
  // Setters copy by hand rather than through a member-pointer helper
  // template: clang will not evaluate such a template in a constant
  // expression inside another class's definition.
  constexpr ServiceTraits instances(Scope scope, bool indexed, Count count) const {
    ServiceTraits out = *this;
    out.scope_ = scope;
    out.indexed_ = indexed;
    out.count_ = count;
    return out;
  }

  const char* name_ = nullptr;
  const char* summary_ = nullptr;
  const char* title_ = nullptr;
  const char* plural_ = nullptr;
  Band band_ = Band::secondary;
  Scope scope_ = Scope::site;
  bool indexed_ = false;
  Count count_ = nullptr;
  bool (*drawn_)(const Params&) = nullptr;
  bool package_hop_ = false;
  bool site_blind_ = false;
  int kb_count_ = 0;
  const char* kb_[max_kb_lines] = {};
};

}  // namespace smsmc::sm
