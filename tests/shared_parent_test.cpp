// The shared parent (spec/shared-parent.md) against an independent oracle:
// a plain breadth-first search over std::map, without symmetry, the memo or
// the checker's visited set, that evaluates the safety properties and the
// witnesses itself from the protocol's site predicates. Its verdicts and
// shortest distances must be the symmetric checker's verdicts and
// counterexample lengths. The same search checks the invariants the
// symmetry argument rests on: the parent's state says how many sites hold
// the HM or a sender slot, never which.
#include "spec/check.h"
#include "spec/variants.h"
#include "statemachines/protocol.h"
#include "statemachines/services.h"

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace smsmc::spec {
namespace {

using State = std::vector<mc::Word>;
using Predicate = std::function<bool(const sm::Layout&, const State&, bool terminal)>;

bool some_site(const sm::Layout& layout, const State& s, bool (*fact)(const sm::Layout&, const sm::Word*, int)) {
  for (int site = 0; site < layout.sites(); ++site) {
    if (fact(layout, s.data(), site)) return true;
  }
  return false;
}

bool settled(const sm::Layout& layout, const State& s) {
  for (int site = 0; site < layout.sites(); ++site) {
    if (!sm::site_upgraded(layout, s.data(), site) && !sm::site_in_emergency_restart(layout, s.data(), site))
      return false;
  }
  return true;
}

bool all_upgraded(const sm::Layout& layout, const State& s) {
  for (int site = 0; site < layout.sites(); ++site) {
    if (!sm::site_upgraded(layout, s.data(), site) || sm::site_in_emergency_restart(layout, s.data(), site))
      return false;
  }
  return true;
}

/// The oracle's own reading of each property it checks: the state it looks
/// for (a violation of an `always` property, the goal of a witness).
const std::map<std::string, Predicate>& targets() {
  static const std::map<std::string, Predicate> all = {
      {"no-config-failure", [](const sm::Layout& l, const State& s, bool) { return some_site(l, s, sm::config_failed); }},
      {"no-lost-package", [](const sm::Layout& l, const State& s, bool) { return some_site(l, s, sm::package_lost); }},
      {"no-unhandled-event", [](const sm::Layout& l, const State& s, bool) { return sm::unhandled_event(l, s.data()); }},
      {"no-deadlock", [](const sm::Layout& l, const State& s, bool terminal) { return terminal && !settled(l, s); }},
      {"package-sent", [](const sm::Layout& l, const State& s, bool) { return some_site(l, s, sm::package_sent); }},
      {"package-reaches-inbox",
       [](const sm::Layout& l, const State& s, bool) { return some_site(l, s, sm::package_in_inbox); }},
      {"every-site-upgraded", [](const sm::Layout& l, const State& s, bool) { return all_upgraded(l, s); }},
      {"site-gets-stuck", [](const sm::Layout& l, const State& s, bool) { return some_site(l, s, sm::site_stuck); }},
  };
  return all;
}

/// What a full search of one model finds: per property its shortest
/// distance (-1: never), and whether the parent's invariants held.
struct Oracle {
  std::map<std::string, int> distance;
  std::size_t states = 0;
};

/// The parent's actors hold counts only: the worker is busy exactly when one
/// site's HM job is between starting UBS and sending (never two), and the
/// busy slots are slots 1..k with k the links carrying a package.
void expect_parent_invariants(const sm::Layout& layout, const State& s) {
  const sm::Word* w = s.data();
  const auto state_of = [&](int service, int site) { return layout.unit_field(service, site).get(w); };
  int holding = 0;
  int carrying = 0;
  for (int site = 0; site < layout.sites(); ++site) {
    const unsigned hm = state_of(sm::service_id<sm::HierarchyManager>(), site);
    holding += hm == sm::state_id<sm::HierarchyManager, sm::hierarchy_manager::UbsStarted>() ||
               hm == sm::state_id<sm::HierarchyManager, sm::hierarchy_manager::SiteDownReported>();
    carrying += state_of(sm::service_id<sm::SenderLink>(), site) ==
                sm::state_id<sm::SenderLink, sm::sender_link::Carrying>();
  }
  const sm::SharedParent& parent = layout.params().parent;
  if (parent.one_hm()) {
    const int worker = layout.actor_of<sm::HmWorker>(-1);
    ASSERT_GE(worker, 0);
    const bool busy = layout.field(worker).get(w) == sm::state_id<sm::HmWorker, sm::hm_worker::Busy>();
    ASSERT_LE(holding, 1) << "two sites served at once";
    ASSERT_EQ(busy, holding == 1);
  }
  if (parent.slots_limited()) {
    const sm::Layout::Group& slots = layout.group(sm::service_id<sm::SenderSlot>(), -1);
    ASSERT_EQ(slots.count, parent.sender_slots);
    ASSERT_LE(carrying, parent.sender_slots);
    for (int i = 0; i < slots.count; ++i) {
      const bool sending =
          layout.field(slots.first + i).get(w) == sm::state_id<sm::SenderSlot, sm::sender_slot::Sending>();
      ASSERT_EQ(sending, i < carrying) << "slot " << i + 1 << " with " << carrying << " packages under way";
    }
  }
}

Oracle search(const ProtocolModel& model) {
  const sm::Layout& layout = model.layout();
  Oracle out;
  for (const auto& entry : targets()) out.distance[entry.first] = -1;
  State init;
  model.init_states(init);
  std::map<State, int> distance{{init, 0}};
  std::deque<State> queue{init};
  std::vector<mc::Action> actions;
  State next(model.state_words());
  while (!queue.empty()) {
    const State state = queue.front();
    queue.pop_front();
    const int d = distance[state];
    expect_parent_invariants(layout, state);
    actions.clear();
    model.actions_direct(state.data(), actions);
    for (const auto& [name, target] : targets()) {
      int& found = out.distance[name];
      if (found < 0 && target(layout, state, actions.empty())) found = d;
    }
    for (mc::Action a : actions) {
      model.next_state(state.data(), a, next.data());
      if (distance.emplace(next, d + 1).second) queue.push_back(next);
    }
  }
  out.states = distance.size();
  return out;
}

const std::vector<std::pair<std::string, sm::SharedParent>>& parents() {
  static const std::vector<std::pair<std::string, sm::SharedParent>> all = {
      {"--hm one-at-a-time", {sm::HmMode::one_at_a_time, 0}},
      {"--sender-slots 1", {sm::HmMode::one_job_per_site, 1}},
      {"--sender-slots 2", {sm::HmMode::one_job_per_site, 2}},
      {"--hm one-at-a-time --sender-slots 1", {sm::HmMode::one_at_a_time, 1}},
  };
  return all;
}

TEST(SharedParent, TheSymmetricCheckerAgreesWithABruteForceSearch) {
  for (const auto& [label, parent] : parents()) {
    for (const Variant& variant : variants()) {
      for (const auto& [n, m] : {std::pair{1, 1}, std::pair{2, 0}, std::pair{2, 1}, std::pair{3, 0}}) {
        Config config{&variant, n, m, Environment::unattended};
        config.parent = parent;
        const CheckReport report = check_protocol(config);  // symmetry on by default
        for (Environment env : {Environment::unattended, Environment::operator_on_duty}) {
          Config in_env = config;
          in_env.environment = env;
          const Oracle oracle = search(ProtocolModel(in_env));
          for (const auto& [name, distance] : oracle.distance) {
            const std::string where = label + " " + variant.name + " N=" + std::to_string(n) +
                                      " M=" + std::to_string(m) + " " + name;
            const CheckedProperty* p = report.find(name);
            ASSERT_NE(p, nullptr) << where;
            if (p->info->environment != env) continue;
            const bool always = p->info->kind == mc::Expectation::always;
            if (always) {
              EXPECT_EQ(p->outcome == Outcome::violated, distance >= 0) << where;
            } else {
              EXPECT_EQ(p->outcome == Outcome::holds, distance >= 0) << where;
            }
            if (distance >= 0 && p->result.path) {
              EXPECT_EQ(p->result.path->actions.size(), static_cast<std::size_t>(distance))
                  << where << ": not shortest";
            }
          }
        }
      }
    }
  }
}

TEST(SharedParent, TheDefaultParentHasNoParentActors) {
  const ProtocolModel model({&variants().front(), 3, 2, Environment::unattended});
  for (const sm::Actor& actor : model.layout().actors()) EXPECT_GE(actor.site, 0) << actor.name;
  EXPECT_TRUE(model.symmetric());
}

TEST(SharedParent, TheParentsActorsKeepTheSitesInterchangeable) {
  Config config{&variants().front(), 3, 1, Environment::unattended};
  config.parent = {sm::HmMode::one_at_a_time, 2};
  const ProtocolModel model(config);
  EXPECT_TRUE(model.symmetric());
  EXPECT_GE(model.layout().find_actor("hm_worker"), 0);
  EXPECT_GE(model.layout().find_actor("sender_slot[2]"), 0);
  EXPECT_LT(model.layout().find_actor("sender_slot[3]"), 0);
}

TEST(SharedParent, OneHmAtATimeRemovesInterleavingsAndSlotsAddAQueue) {
  // One HM at a time only forbids interleavings: fewer states than the
  // default parent. A sender slot adds the link's Queued state: more.
  const Variant& original = *find_variant("original");
  const auto states = [&](sm::SharedParent parent) {
    Config config{&original, 2, 1, Environment::unattended};
    config.parent = parent;
    return search(ProtocolModel(config)).states;
  };
  const std::size_t independent = states({});
  EXPECT_LT(states({sm::HmMode::one_at_a_time, 0}), independent);
  EXPECT_GT(states({sm::HmMode::one_job_per_site, 2}), independent);
}

}  // namespace
}  // namespace smsmc::spec
