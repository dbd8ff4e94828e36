// The service registry: the protocol's services in actor order, and a toy
// service (tests/toy_service.h) registered on a copy of the protocol's
// registry with no other edit appears in the layout, in `describe`, in the
// machine diagrams and, stepping in a trace replayed through its real
// Boost.MSM back end, in the sequence diagram. Its unhandled event replays
// through Boost.MSM with the log lines the compiled tables recorded.
#include "render/describe.h"
#include "render/machines.h"
#include "render/sequence.h"
#include "spec/check.h"
#include "spec/model.h"
#include "spec/variants.h"
#include "statemachines/services.h"
#include "tests/toy_service.h"
#include "trace/record.h"
#include "trace/replay.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace smsmc::sm {
namespace {

const char* const protocol_order[] = {"hierarchy_manager", "sender_link", "upgrade_bootstrap",
                                      "site_config_manager", "logon_server", "despooler",
                                      "despooler_inbox", "watchdog", "site_operator",
                                      "hm_worker",         "sender_slot"};

/// The protocol's registry with the toy appended: the only edit a new
/// service needs besides its header.
const Registry& toy_registry() {
  static const Registry registry = [] {
    Registry r = Registry::protocol();
    r.add<ToyService>();
    return r;
  }();
  return registry;
}

spec::Config toy_config(int sites, int logon_servers) {
  return {spec::find_variant("original"), sites, logon_servers, spec::Environment::unattended, &toy_registry()};
}

/// The trace of `steps` (actor name, event name) on the toy model.
trace::Trace toy_trace(const spec::ProtocolModel& model, const std::vector<std::pair<std::string, std::string>>& steps) {
  mc::Path path;
  for (const auto& [actor_name, event_name] : steps) {
    const int actor = model.layout().find_actor(actor_name);
    const int event = model.find_event(actor, event_name);
    if (actor < 0 || event < 0) throw std::logic_error("no step " + actor_name + " " + event_name);
    path.actions.push_back(spec::ProtocolModel::encode(actor, event));
  }
  return trace::make_trace(model, path, "", "test");
}

trace::ReplayOptions with_toy() {
  trace::ReplayOptions options;
  options.registry = &toy_registry();
  return options;
}

TEST(Registry, ListsTheProtocolServicesInActorOrder) {
  const Registry& registry = Registry::protocol();
  ASSERT_EQ(registry.size(), 11);
  for (int id = 0; id < registry.size(); ++id) EXPECT_STREQ(registry.machine(id).name, protocol_order[id]);
  EXPECT_EQ(service_id<Despooler>(), 5);
  EXPECT_EQ(registry.find<Despooler>(), service_id<Despooler>());
  EXPECT_EQ(registry.find("site_operator"), service_id<SiteOperator>());
  EXPECT_EQ(registry.find<ToyService>(), -1);
  EXPECT_THROW((void)Registry(registry).add<Despooler>(), std::logic_error);  // registered already
}

TEST(ToyService, TakesTheNextIdAndLeavesTheProtocolsIdsAlone) {
  EXPECT_EQ(toy_registry().size(), 12);
  EXPECT_EQ(toy_registry().find<ToyService>(), 11);
  for (int id = 0; id < 11; ++id) EXPECT_STREQ(toy_registry().machine(id).name, protocol_order[id]);
  EXPECT_NE(trace::model_fingerprint(toy_registry()), trace::model_fingerprint());
}

TEST(ToyService, AppearsInTheLayoutAfterItsSitesProtocolServices) {
  const spec::ProtocolModel toy(toy_config(2, 1));
  const spec::ProtocolModel protocol({spec::find_variant("original"), 2, 1, spec::Environment::unattended});
  const Layout& layout = toy.layout();
  ASSERT_EQ(layout.actors().size(), protocol.layout().actors().size() + 2);
  for (int site = 0; site < 2; ++site) {
    const int id = layout.actor_of<ToyService>(site);
    ASSERT_GE(id, 0);
    EXPECT_EQ(layout.actor(id).name, "toy_service[" + std::to_string(site + 1) + "]");
    // Right after the site's operator, before the next site's services.
    EXPECT_EQ(id, layout.actor_of<SiteOperator>(site) + 1);
  }
  // Every protocol actor keeps its name, and its order among the others.
  std::vector<std::string> names;
  for (const Actor& a : layout.actors()) {
    if (a.service != toy_registry().find<ToyService>()) names.push_back(a.name);
  }
  std::vector<std::string> protocol_names;
  for (const Actor& a : protocol.layout().actors()) protocol_names.push_back(a.name);
  EXPECT_EQ(names, protocol_names);
}

TEST(ToyService, AppearsInDescribeAndTheMachineDiagrams) {
  const std::string all = render::describe(toy_registry());
  EXPECT_EQ(all.rfind("## toy_service\n\ntest only: logs when poked, then takes from an empty inbox\n"),
            render::describe(Registry::protocol()).size())
      << "the toy's section follows the protocol's, unchanged";
  EXPECT_NE(all.find("| Waiting | `poke` | step |  | `say_poked` | Poked |"), std::string::npos);
  EXPECT_NE(all.find("| Poked | `take_from_inbox` | step | `inbox_empty` | `take_package` | Poked |"), std::string::npos);
  EXPECT_EQ(render::describe(toy_registry(), "toy_service").find("## toy_service"), 0u);
  EXPECT_EQ(render::describe(Registry::protocol()).find("toy_service"), std::string::npos);
  const std::string dot = render::machine_dot(toy_registry().machine(toy_registry().find<ToyService>()));
  EXPECT_NE(dot.find("digraph toy_service"), std::string::npos);
  EXPECT_NE(dot.find("label=<Poked>"), std::string::npos);
}

TEST(ToyService, StepsInATraceReplayedThroughBoostMsmAndDrawnAsAnMsc) {
  const spec::ProtocolModel model(toy_config(1, 1));
  const trace::Trace recorded =
      toy_trace(model, {{"hierarchy_manager[1]", "deliver_ubs"}, {"toy_service[1]", "poke"}});
  ASSERT_EQ(recorded.steps.size(), 2u);
  EXPECT_EQ(recorded.steps[1].states, (std::vector<std::pair<std::string, std::string>>{{"toy_service[1]", "Poked"}}));
  ASSERT_EQ(recorded.steps[1].log.size(), 1u);
  EXPECT_EQ(recorded.steps[1].log[0].text, toy::log_poked);

  const trace::Replay replay = trace::replay_trace(recorded, with_toy());
  EXPECT_TRUE(replay.fingerprint_matches);
  EXPECT_EQ(replay.finding, trace::Finding::clean);
  ASSERT_EQ(replay.steps.size(), 2u);
  EXPECT_EQ(replay.steps[1].actor, replay.layout().actor_of<ToyService>(0));
  // The protocol's registry has no such actor: the registry in use matters.
  EXPECT_THROW((void)trace::replay_trace(recorded), trace::TraceMismatch);

  const std::string dot = render::sequence_dot(replay);
  EXPECT_NE(dot.find("<b>Toy service</b>"), std::string::npos);
  EXPECT_NE(dot.find("toy_service[1]"), std::string::npos);
  EXPECT_NE(dot.find("label=<<b>poke</b>"), std::string::npos);
  bool red_note = false;
  for (std::size_t at = dot.find("shape=note"); at != std::string::npos; at = dot.find("shape=note", at + 1)) {
    const std::string line = dot.substr(at, dot.find('\n', at) - at);
    if (line.find(toy::log_poked) != std::string::npos) red_note = line.find("#c62828") != std::string::npos;
  }
  EXPECT_TRUE(red_note) << "the toy's KB line is drawn in red, from its traits";
}

TEST(ToyService, ItsUnhandledEventReplaysThroughBoostMsmWithTheRecordedLogLines) {
  const spec::ProtocolModel model(toy_config(1, 0));
  // Recorded on the compiled tables ...
  const trace::Trace recorded =
      toy_trace(model, {{"toy_service[1]", "poke"}, {"toy_service[1]", "take_from_inbox"}});
  ASSERT_EQ(recorded.steps[1].log.size(), 1u);
  EXPECT_EQ(recorded.steps[1].log[0].actor, "despooler_inbox[1]");
  EXPECT_EQ(recorded.steps[1].log[0].text, "unhandled event take in state Empty");
  // ... replayed through the Boost.MSM back ends, which must write the same
  // lines (replay_trace throws TraceMismatch on any difference).
  const trace::Replay replay = trace::replay_trace(recorded, with_toy());
  EXPECT_EQ(replay.steps[1].log.size(), 1u);
  EXPECT_EQ(replay.finding, trace::Finding::safety_violation);
  EXPECT_EQ(replay.property, "no-unhandled-event");
  EXPECT_EQ(replay.violating_step, std::optional<std::size_t>{2});

  // The checker finds it too, and its counterexample replays the same way.
  spec::CheckOptions options;
  options.only = {"no-unhandled-event"};
  const spec::CheckReport report = spec::check_protocol(toy_config(1, 0), options);
  const spec::CheckedProperty* p = report.find("no-unhandled-event");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->outcome, spec::Outcome::violated);
  const trace::Replay counterexample =
      trace::replay_trace(trace::counterexample_trace(toy_config(1, 0), *p, "bfs"), with_toy());
  EXPECT_EQ(counterexample.property, "no-unhandled-event");
}

TEST(ToyParent, HasAsManyParentActorsAsTheParametersSayLaidOutBeforeTheSites) {
  Registry registry = Registry::protocol();
  const int id = registry.add<ToyParent>();
  for (int sites : {1, 3}) {
    const spec::ProtocolModel model({spec::find_variant("original"), sites, 1, spec::Environment::unattended, &registry});
    const Layout& layout = model.layout();
    const Layout::Group& group = layout.group(id, -1);
    ASSERT_EQ(group.count, sites);
    EXPECT_EQ(group.first, 0);
    for (int i = 0; i < sites; ++i) {
      EXPECT_EQ(layout.actor(i).name, "toy_parent[" + std::to_string(i + 1) + "]");
      EXPECT_EQ(layout.actor(i).site, -1);
    }
    EXPECT_EQ(layout.actor(sites).name, "hierarchy_manager[1]");
    EXPECT_EQ(layout.group(id, 0).count, 0) << "a parent service has no actors in a site";
  }

  const spec::ProtocolModel model({spec::find_variant("original"), 2, 1, spec::Environment::unattended, &registry});
  trace::ReplayOptions options;
  options.registry = &registry;
  const trace::Replay replay =
      trace::replay_trace(toy_trace(model, {{"toy_parent[2]", "tick"}, {"hierarchy_manager[1]", "deliver_ubs"}}), options);
  const std::string dot = render::sequence_dot(replay);
  EXPECT_NE(dot.find("<b>Parent toy 1</b>"), std::string::npos);
  EXPECT_NE(dot.find("<b>Parent toy 2</b>"), std::string::npos);
  EXPECT_NE(dot.find("label=<<b>parent site</b>>"), std::string::npos);
  // The parent's lanes come first: left of the first site's HM.
  EXPECT_LT(dot.find("Parent toy 2"), dot.find("Hierarchy Manager"));
}

}  // namespace
}  // namespace smsmc::sm
