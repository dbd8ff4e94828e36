#include "io/json.h"

#include "io/text.h"

#include <cmath>
#include <limits>

namespace smsmc::io {

using nlohmann::json;

namespace {
struct TooDeep {};

/// The byte at which the nesting first exceeds `max_depth` containers
/// (brackets inside strings do not count).
std::size_t depth_exceeded_at(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return text.size();
}

/// nlohmann-json's messages quote the input ("last read: '<token>'", "number
/// overflow parsing '<token>'") in full; the token can be a 200 MB string.
std::string shorten_quoted_input(std::string message) {
  // "[json.exception.parse_error.101] " says nothing to a user.
  if (message.rfind("[json.exception.", 0) == 0) {
    const std::size_t close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  for (const char* marker : {"last read: '", "parsing '"}) {
    const std::size_t at = message.find(marker);
    if (at == std::string::npos) continue;
    const std::size_t begin = at + std::char_traits<char>::length(marker);
    std::size_t end = message.rfind("'; expected ");
    if (end == std::string::npos || end < begin) end = message.size() - 1;
    if (end < begin || message[end] != '\'') continue;
    const std::string token = message.substr(begin, end - begin);
    // The tail is nlohmann's "'; expected ..." unless the input itself held
    // that text (rfind then stops inside the input): escape it too.
    return message.substr(0, begin) + printable(token) + printable(message.substr(end), 200);
  }
  return printable(message, 400);
}

/// nlohmann-json's own tree builder behind a depth check. Not json::parse
/// with a callback, which could check the depth too: its callback parser
/// scans the enclosing container each time an object ends, so an array of
/// n objects costs n^2 (`[{},{},...]` of 64 MiB never finishes).
class DepthLimitedDom final : public nlohmann::json_sax<json> {
 public:
  DepthLimitedDom(json& result, std::size_t max_depth) : dom_(result, true), max_depth_(max_depth) {}

  bool null() override { return dom_.null(); }
  bool boolean(bool value) override { return dom_.boolean(value); }
  bool number_integer(number_integer_t value) override { return dom_.number_integer(value); }
  bool number_unsigned(number_unsigned_t value) override { return dom_.number_unsigned(value); }
  bool number_float(number_float_t value, const string_t& text) override { return dom_.number_float(value, text); }
  bool string(string_t& value) override { return dom_.string(value); }
  bool binary(binary_t& value) override { return dom_.binary(value); }
  bool start_object(std::size_t elements) override {
    enter();
    return dom_.start_object(elements);
  }
  bool key(string_t& value) override { return dom_.key(value); }
  bool end_object() override {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t elements) override {
    enter();
    return dom_.start_array(elements);
  }
  bool end_array() override {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) override {
    // Not only parse_error: a number too large for a double is out_of_range.
    throw InputError("not valid JSON: " + shorten_quoted_input(error.what()));
  }

 private:
  void enter() {
    // Refusing here stops the parser before it builds anything deeper.
    if (++depth_ > max_depth_) throw TooDeep{};
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
};

std::string range(std::uint64_t lo, std::uint64_t hi) { return std::to_string(lo) + ".." + std::to_string(hi); }
std::string range(std::int64_t lo, std::int64_t hi) { return std::to_string(lo) + ".." + std::to_string(hi); }

bool beyond_64_bits(double v) {
  return std::isfinite(v) && std::trunc(v) == v && std::fabs(v) >= 9.2233720368547758e18;
}

[[noreturn]] void field_error(std::string_view path, const std::string& problem) {
  throw InputError("field '" + std::string(path) + "' " + problem);
}
}  // namespace

json parse_json(std::string_view text, const JsonLimits& limits) {
  json result;
  DepthLimitedDom handler(result, limits.max_depth);
  try {
    json::sax_parse(text.begin(), text.end(), &handler, json::input_format_t::json, /*strict=*/true,
                    /*ignore_comments=*/false);
  } catch (const TooDeep&) {
    throw InputError("nested deeper than " + std::to_string(limits.max_depth) + " levels (at byte " +
                     std::to_string(depth_exceeded_at(text, limits.max_depth)) + ")");
  }
  return result;
}

json read_json_file(const std::string& path, const ReadLimits& read, const JsonLimits& limits) {
  const std::string text = read_input_file(path, read);
  try {
    return parse_json(text, limits);
  } catch (const InputError& e) {
    throw InputError(printable(path, 1024) + ": " + e.what());
  }
}

std::string member_path(std::string_view where, std::string_view key) {
  const std::string name = printable(key);
  return where.empty() ? name : std::string(where) + "." + name;
}

std::string element_path(std::string_view where, std::size_t index) {
  return std::string(where) + "[" + std::to_string(index) + "]";
}

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::number_unsigned: return std::to_string(value.get<std::uint64_t>());
    case json::value_t::number_integer: return std::to_string(value.get<std::int64_t>());
    case json::value_t::number_float: return value.dump();
    case json::value_t::string: return "\"" + printable(value.get_ref<const std::string&>()) + "\"";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case json::value_t::null: return "null";
    case json::value_t::binary:
    case json::value_t::discarded: break;
  }
  return "a value";
}

const json& member(const json& object, std::string_view name, std::string_view where) {
  if (!object.is_object()) {
    if (where.empty()) throw InputError("the document must be a JSON object, not " + describe(object));
    field_error(where, "must be an object, not " + describe(object));
  }
  const auto it = object.find(name);
  if (it == object.end()) throw InputError("missing field '" + member_path(where, name) + "'");
  return *it;
}

std::string get_string(const json& object, std::string_view name, std::string_view where) {
  const json& value = member(object, name, where);
  if (!value.is_string()) field_error(member_path(where, name), "must be a string, not " + describe(value));
  return value.get<std::string>();
}

std::uint64_t as_unsigned(const json& value, std::string_view path, std::uint64_t lo, std::uint64_t hi) {
  if (value.is_number_unsigned()) {
    const auto v = value.get<std::uint64_t>();
    if (v < lo || v > hi) field_error(path, "is " + describe(value) + ", outside " + range(lo, hi));
    return v;
  }
  if (value.is_number_integer()) field_error(path, "is " + describe(value) + ", outside " + range(lo, hi));
  if (value.is_number_float()) {
    // An integer literal beyond 64 bits arrives as a double: out of range,
    // not a type error. Other doubles (5.0, 1.5) are not integers here.
    if (beyond_64_bits(value.get<double>())) field_error(path, "is " + describe(value) + ", outside " + range(lo, hi));
    field_error(path, "must be an integer in " + range(lo, hi) + ", not " + describe(value));
  }
  field_error(path, "must be an integer in " + range(lo, hi) + ", not " + describe(value));
}

std::uint64_t get_unsigned(const json& object, std::string_view name, std::string_view where, std::uint64_t lo,
                           std::uint64_t hi) {
  return as_unsigned(member(object, name, where), member_path(where, name), lo, hi);
}

std::int64_t get_integer(const json& object, std::string_view name, std::string_view where, std::int64_t lo,
                         std::int64_t hi) {
  const json& value = member(object, name, where);
  const std::string path = member_path(where, name);
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    const auto v = value.get<std::int64_t>();
    if (v < lo || v > hi) field_error(path, "is " + describe(value) + ", outside " + range(lo, hi));
    return v;
  }
  if (value.is_number_unsigned()) {
    const auto v = value.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) || static_cast<std::int64_t>(v) < lo ||
        static_cast<std::int64_t>(v) > hi)
      field_error(path, "is " + describe(value) + ", outside " + range(lo, hi));
    return static_cast<std::int64_t>(v);
  }
  if (value.is_number_float() && beyond_64_bits(value.get<double>()))
    field_error(path, "is " + describe(value) + ", outside " + range(lo, hi));
  field_error(path, "must be an integer in " + range(lo, hi) + ", not " + describe(value));
}

}  // namespace smsmc::io
