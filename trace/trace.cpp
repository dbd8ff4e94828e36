#include "trace/trace.h"

#include "io/json.h"
#include "io/text.h"
#include "spec/shared_parent.h"

#include <nlohmann/json.hpp>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace smsmc::trace {

using spec::Environment;
using spec::ProtocolModel;

using nlohmann::json;

std::string model_fingerprint(const sm::Registry& registry) {
  std::string text;
  for (int service = 0; service < registry.size(); ++service) {
    const sm::MachineInfo& info = registry.machine(service);
    text += std::string("machine ") + info.name + "\n";
    for (const char* state : info.states) text += std::string("state ") + state + "\n";
    text += std::string("initial ") + info.states[info.initial] + "\n";
    for (const sm::EventInfo& event : info.events)
      text += std::string("event ") + event.name + (event.spontaneous ? " step" : " message") + "\n";
    for (const sm::CompiledRow& row : info.rows) {
      text += std::string("row ") + info.states[row.source] + " " + info.events[row.event].name + " " +
              info.states[row.target] + " [" + row.guard_name + "] / " + row.action_name + "\n";
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(text.data(), text.size())));
  return hex;
}

json trace_to_json_value(const Trace& trace) {
  json steps = json::array();
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const TraceStep& step = trace.steps[i];
    json states = json::object();
    for (const auto& [actor, state] : step.states) states[actor] = state;
    json log = json::array();
    for (const TraceLog& line : step.log) log.push_back({{"actor", line.actor}, {"text", line.text}});
    json messages = json::array();
    for (const TraceMessage& m : step.messages)
      messages.push_back({{"from", m.from}, {"to", m.to}, {"event", m.event}});
    json out = {{"step", i + 1}, {"actor", step.actor}, {"event", step.event}, {"states", states}, {"log", log}};
    if (trace.version >= 2) out["messages"] = messages;
    if (step.time) out["time"] = step.time->den == 1 ? json(step.time->num) : json(step.time->to_string());
    steps.push_back(std::move(out));
  }
  json found_by = {{"explorer", trace.explorer}};
  if (trace.seed) found_by["seed"] = *trace.seed;
  json out = {
      {"format", trace_format_name},
      {"version", trace.version},
      {"variant", trace.variant},
      {"sites", trace.sites},
      {"logon_servers", trace.logon_servers},
      {"environment", spec::environment_name(trace.environment)},
      {"found_by", found_by},
      {"property", trace.property},
      {"fingerprint", trace.fingerprint},
      {"loop_start", trace.loop_start ? json(*trace.loop_start) : json(nullptr)},
      {"steps", steps},
  };
  // Only a shared parent is written: a default trace reads as it always did.
  if (trace.parent.one_hm()) out["hm"] = spec::hm_mode_name(trace.parent.hm);
  if (trace.parent.slots_limited()) out["sender_slots"] = trace.parent.sender_slots;
  if (trace.timing) {
    json durations = json::object();
    for (const auto& [name, value] : trace.timing->durations) durations[name] = value;
    out["timing"] = {{"profile", trace.timing->profile}, {"durations", durations}};
  }
  return out;
}

std::string trace_to_json(const Trace& trace) {
  // ordered_json would keep insertion order; nlohmann::json sorts keys, which
  // is deterministic too and what golden files rely on.
  return trace_to_json_value(trace).dump(2) + "\n";
}

namespace {
// The fields are read through io/json.h: numbers range-checked as 64-bit
// integers (2^64-1 is never -1), the field named by its path, and every
// piece of input a message quotes shortened and escaped. Its InputError
// becomes a TraceError in trace_from_json.
const json& field(const json& object, const char* name, const std::string& where) {
  return io::member(object, name, where);
}

/// Longest name (actor, event, state, variant, ...) and log line a trace may hold.
constexpr std::size_t max_name_bytes = 256;
constexpr std::size_t max_text_bytes = 4096;

/// Every string in a trace is a name or a log line smsmc wrote: printable
/// and short. Refusing anything else here keeps every later message that
/// echoes one (replay's mismatches) one short line that shows what it says.
const std::string& checked_text(const std::string& text, const std::string& path, std::size_t max_bytes) {
  if (text.size() > max_bytes)
    throw TraceError("field '" + path + "' is " + std::to_string(text.size()) + " bytes long, over " +
                     std::to_string(max_bytes) + ": " + io::quoted(text));
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) throw TraceError("field '" + path + "' holds a control character: " + io::quoted(text));
  }
  return text;
}

std::string string_field(const json& object, const char* name, const std::string& where,
                         std::size_t max_bytes = max_name_bytes) {
  const json& value = io::member(object, name, where);
  if (!value.is_string()) return io::get_string(object, name, where);  // throws, naming the type
  // Checked in place: a 60 MiB string is not copied only to be refused.
  return checked_text(value.get_ref<const std::string&>(), io::member_path(where, name), max_bytes);
}

long long int_field(const json& object, const char* name, const std::string& where, long long lo, long long hi) {
  return io::get_integer(object, name, where, lo, hi);
}

Trace read_trace(const json& doc);

/// A step's time: whole seconds, or "NUM/DEN" when the schedule needed
/// fractions (spec/timed-engine.md, concretisation).
mc::timed::Time read_time(const json& value, const std::string& where) {
  constexpr long long limit = 1LL << 40;
  if (value.is_number_integer() || value.is_number_unsigned()) {
    return mc::timed::Time::of(static_cast<std::int64_t>(io::as_unsigned(value, where, 0, limit)));
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    const std::size_t slash = text.find('/');
    try {
      std::size_t used = 0;
      if (slash != std::string::npos && slash > 0) {
        const long long num = std::stoll(text.substr(0, slash), &used);
        if (used == slash) {
          const std::string rest = text.substr(slash + 1);
          const long long den = std::stoll(rest, &used);
          if (used == rest.size() && num >= 0 && num <= limit && den >= 1 && den <= limit)
            return mc::timed::Time::of(num, den);
        }
      }
    } catch (const std::exception&) {
    }
  }
  throw TraceError("field '" + where + "' must be whole seconds or \"NUM/DEN\", not " + io::quoted(value.dump()));
}
}  // namespace

Trace trace_from_json(const std::string& text) {
  try {
    // The nesting cap stops `[[[[...` before it is built (a trace nests 4 deep).
    return read_trace(io::parse_json(text));
  } catch (const io::InputError& e) {
    throw TraceError(e.what());
  }
}

namespace {
Trace read_trace(const json& doc) {
  if (!doc.is_object()) throw TraceError("a trace is a JSON object, not " + io::describe(doc));
  Trace trace;
  if (string_field(doc, "format", "") != trace_format_name)
    throw TraceError(std::string("field 'format' must be \"") + trace_format_name + "\"");
  trace.version = static_cast<int>(int_field(doc, "version", "", 0, 1 << 20));
  if (trace.version < trace_oldest_version || trace.version > trace_schema_version)
    throw TraceError("field 'version' is " + std::to_string(trace.version) + "; this smsmc reads versions " +
                     std::to_string(trace_oldest_version) + " to " + std::to_string(trace_schema_version));
  trace.variant = string_field(doc, "variant", "");
  trace.sites = static_cast<int>(int_field(doc, "sites", "", 1, spec::max_sites));
  trace.logon_servers = static_cast<int>(int_field(doc, "logon_servers", "", 0, spec::max_logon_servers));
  const std::string environment = string_field(doc, "environment", "");
  if (environment == spec::environment_name(Environment::unattended)) trace.environment = Environment::unattended;
  else if (environment == spec::environment_name(Environment::operator_on_duty)) trace.environment = Environment::operator_on_duty;
  else throw TraceError("field 'environment' must be \"unattended\" or \"operator-on-duty\", not " + io::quoted(environment));
  const json& found_by = field(doc, "found_by", "");
  trace.explorer = string_field(found_by, "explorer", "found_by");
  if (found_by.is_object() && found_by.contains("seed"))
    trace.seed = io::get_unsigned(found_by, "seed", "found_by", 0, UINT64_MAX);
  trace.property = string_field(doc, "property", "");
  trace.fingerprint = string_field(doc, "fingerprint", "");
  const json& steps = field(doc, "steps", "");
  if (!steps.is_array()) throw TraceError("field 'steps' must be an array");
  const json& loop = field(doc, "loop_start", "");
  if (!loop.is_null()) trace.loop_start = io::as_unsigned(loop, "loop_start", 0, steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string where = "steps[" + std::to_string(i) + "]";
    const json& s = steps[i];
    TraceStep step;
    // `step` is redundant with the position; checking it catches steps that
    // were deleted or reordered by hand.
    const long long number = int_field(s, "step", where, 0, 1LL << 40);
    if (number != static_cast<long long>(i + 1))
      throw TraceError("field '" + where + ".step' is " + std::to_string(number) + ", expected " + std::to_string(i + 1));
    step.actor = string_field(s, "actor", where);
    step.event = string_field(s, "event", where);
    const json& states = field(s, "states", where);
    if (!states.is_object()) throw TraceError("field '" + where + ".states' must be an object");
    for (auto it = states.begin(); it != states.end(); ++it) {
      const std::string at = where + ".states";
      step.states.emplace_back(checked_text(it.key(), at, max_name_bytes), string_field(states, it.key().c_str(), at));
    }
    const json& log = field(s, "log", where);
    if (!log.is_array()) throw TraceError("field '" + where + ".log' must be an array");
    for (std::size_t j = 0; j < log.size(); ++j) {
      const std::string at = where + ".log[" + std::to_string(j) + "]";
      step.log.push_back({string_field(log[j], "actor", at), string_field(log[j], "text", at, max_text_bytes)});
    }
    if (trace.version >= 2) {
      const json& messages = field(s, "messages", where);
      if (!messages.is_array()) throw TraceError("field '" + where + ".messages' must be an array");
      for (std::size_t j = 0; j < messages.size(); ++j) {
        const std::string at = where + ".messages[" + std::to_string(j) + "]";
        step.messages.push_back(
            {string_field(messages[j], "from", at), string_field(messages[j], "to", at), string_field(messages[j], "event", at)});
      }
    }
    if (trace.version >= 3 && s.is_object() && s.contains("time")) step.time = read_time(s["time"], where + ".time");
    trace.steps.push_back(std::move(step));
  }
  if (doc.contains("hm")) {
    const std::string hm = string_field(doc, "hm", "");
    const std::optional<sm::HmMode> mode = spec::parse_hm_mode(hm);
    if (!mode) throw TraceError("field 'hm' must be \"one-job-per-site\" or \"one-at-a-time\", not " + io::quoted(hm));
    trace.parent.hm = *mode;
  }
  if (doc.contains("sender_slots")) {
    const json& slots = doc["sender_slots"];
    if (slots.is_string() && slots.get_ref<const std::string&>() == "unlimited") {
      trace.parent.sender_slots = 0;
    } else if (slots.is_number_integer() || slots.is_number_unsigned()) {
      trace.parent.sender_slots = static_cast<int>(int_field(doc, "sender_slots", "", 1, spec::max_sender_slots));
    } else {
      throw TraceError("field 'sender_slots' must be \"unlimited\" or a whole number 1.." +
                       std::to_string(spec::max_sender_slots) + ", not " + io::quoted(slots.dump()));
    }
  }
  if (trace.version >= 3 && doc.contains("timing")) {
    const json& timing = doc["timing"];
    if (!timing.is_object()) throw TraceError("field 'timing' must be an object");
    TraceTiming t;
    t.profile = string_field(timing, "profile", "timing");
    const json& durations = field(timing, "durations", "timing");
    if (!durations.is_object()) throw TraceError("field 'timing.durations' must be an object");
    for (auto it = durations.begin(); it != durations.end(); ++it)
      t.durations.emplace_back(checked_text(it.key(), "timing.durations", max_name_bytes),
                               string_field(durations, it.key().c_str(), "timing.durations"));
    trace.timing = std::move(t);
  }
  for (const TraceStep& step : trace.steps) {
    if (step.time.has_value() != trace.steps.front().time.has_value())
      throw TraceError("field 'steps': either every step has a 'time' or none has");
  }
  return trace;
}
}  // namespace

void write_trace_file(const std::string& file, const Trace& trace) {
  const std::string text = trace_to_json(trace);
  std::ofstream out(file, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + io::quoted(file, 1024) + ": " + std::strerror(errno));
  out << text;
  out.flush();
  if (!out) throw std::runtime_error("error writing " + io::quoted(file, 1024) + ": " + std::strerror(errno));
}

Trace read_trace_file(const std::string& file, const io::ReadLimits& limits) {
  std::string text;
  try {
    text = io::read_input_file(file, limits);
  } catch (const io::InputError& e) {
    throw TraceError(e.what());  // names the file already
  }
  try {
    return trace_from_json(text);
  } catch (const TraceError& e) {
    throw TraceError(io::printable(file, 1024) + ": malformed trace: " + e.what());
  }
}

mc::Path trace_path(const ProtocolModel& model, const Trace& trace) {
  mc::Path path;
  path.loop_start = trace.loop_start;
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const TraceStep& step = trace.steps[i];
    const int actor = model.layout().find_actor(step.actor);
    if (actor < 0) throw TraceError("step " + std::to_string(i + 1) + ": no actor named " + io::quoted(step.actor) + " at N=" +
                                    std::to_string(model.layout().sites()) + ", M=" +
                                    std::to_string(model.layout().logon_servers()));
    const int event = model.find_event(actor, step.event);
    if (event < 0) throw TraceError("step " + std::to_string(i + 1) + ": " + io::printable(step.actor) +
                                    " has no step event " + io::quoted(step.event));
    path.actions.push_back(ProtocolModel::encode(actor, event));
  }
  return path;
}

}  // namespace smsmc::trace
