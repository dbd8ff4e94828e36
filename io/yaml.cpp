#include "io/yaml.h"

#include "io/text.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace smsmc::io {

namespace {
struct Refused {
  YAML::Mark mark;
  std::string problem;
};

/// Walks the parser's events before any node is built: depth, node count
/// and documents. Throwing from a start event stops yaml-cpp's recursive
/// descent at that depth.
class Census final : public YAML::EventHandler {
 public:
  explicit Census(const YamlLimits& limits) : limits_(limits) {}
  std::size_t documents = 0;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents > 1) throw Refused{mark, "holds more than one YAML document (only one is read)"};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { count(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { count(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    count(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void count(const YAML::Mark& mark) {
    if (++nodes_ > limits_.max_nodes)
      throw Refused{mark, "has more than " + std::to_string(limits_.max_nodes) + " nodes"};
  }
  void enter(const YAML::Mark& mark) {
    count(mark);
    if (++depth_ > limits_.max_depth)
      throw Refused{mark, "nested deeper than " + std::to_string(limits_.max_depth) + " levels"};
  }

  const YamlLimits& limits_;
  std::size_t depth_ = 0;
  std::size_t nodes_ = 0;
};

std::string at(const std::string& file, const YAML::Mark& mark) {
  return mark.line >= 0 ? file + ":" + std::to_string(mark.line + 1) + ": " : file + ": ";
}

YAML::Mark mark_of(const YAML::Node& node) {
  if (!node.IsDefined()) return YAML::Mark::null_mark();
  return node.Mark();
}

std::string kind_of(const YAML::Node& node) {
  if (!node.IsDefined()) return "missing";
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "empty";
    case YAML::NodeType::Scalar: return quoted(node.Scalar());
    case YAML::NodeType::Undefined: break;
  }
  return "missing";
}
}  // namespace

std::string yaml_field(std::string_view where, std::string_view key) {
  return where.empty() ? printable(key) : std::string(where) + "." + printable(key);
}

YamlDocument::YamlDocument(const std::string& text, std::string file, const YamlLimits& limits)
    : file_(printable(file, 1024)) {
  // YAML allows only printable characters (and tab, CR, LF); yaml-cpp reads
  // a NUL as the end of a token and reports something unrelated.
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      YAML::Mark mark;
      mark.line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
      throw InputError(at(file_, mark) + "holds the control character " + printable(text.substr(i, 1)) +
                       " (YAML allows only printable characters)");
    }
  }
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    Census census(limits);
    while (parser.HandleNextDocument(census)) {
    }
    root_ = YAML::Load(text);
  } catch (const Refused& refused) {
    throw InputError(at(file_, refused.mark) + refused.problem);
  } catch (const YAML::Exception& e) {
    // e.msg alone: e.what() repeats the line and column in yaml-cpp's words.
    throw InputError(at(file_, e.mark) + "not valid YAML: " + printable(e.msg, 200));
  }
}

YamlDocument YamlDocument::load(const std::string& path, const ReadLimits& read, const YamlLimits& limits) {
  return YamlDocument(read_input_file(path, read), path, limits);
}

void YamlDocument::fail(const YAML::Node& node, std::string_view field, std::string_view problem) const {
  throw InputError(at(file_, mark_of(node)) + (field.empty() ? "" : std::string(field) + ": ") + std::string(problem));
}

void YamlDocument::expect_map(const YAML::Node& node, std::string_view field) const {
  if (!node.IsMap()) fail(node, field, "must be a map, not " + kind_of(node));
}

void YamlDocument::expect_sequence(const YAML::Node& node, std::string_view field) const {
  if (!node.IsSequence()) fail(node, field, "must be a list, not " + kind_of(node));
}

YAML::Node YamlDocument::optional(const YAML::Node& parent, std::string_view field, const std::string& key) const {
  expect_map(parent, field);
  // Const access: a missing key gives an undefined node instead of adding it.
  const YAML::Node& map = parent;
  return map[key];
}

YAML::Node YamlDocument::required(const YAML::Node& parent, std::string_view field, const std::string& key) const {
  YAML::Node child = optional(parent, field, key);
  if (!child.IsDefined()) fail(parent, field, "missing field " + quoted(key));
  return child;
}

std::string YamlDocument::scalar(const YAML::Node& node, std::string_view field) const {
  if (!node.IsScalar()) fail(node, field, "must be a single value, not " + kind_of(node));
  return node.Scalar();
}

std::string YamlDocument::key(const YAML::Node& key_node, std::string_view field) const {
  if (!key_node.IsScalar()) fail(key_node, field, "a key must be a single value, not " + kind_of(key_node));
  return key_node.Scalar();
}

std::int64_t YamlDocument::integer(const YAML::Node& node, std::string_view field, std::int64_t lo,
                                   std::int64_t hi) const {
  const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  if (!node.IsScalar()) fail(node, field, "must be an integer in " + range + ", not " + kind_of(node));
  const std::string& text = node.Scalar();
  // Decimal only, an optional sign: what a person writes for a count.
  // from_chars takes no '+', and neither accepts spaces or a suffix.
  const std::size_t digits_at = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  bool decimal = text.size() > digits_at;
  for (std::size_t i = digits_at; i < text.size(); ++i) decimal &= text[i] >= '0' && text[i] <= '9';
  if (!decimal) fail(node, field, "must be an integer in " + range + ", not " + quoted(text));
  const char* first = text.data() + (text[0] == '+' ? 1 : 0);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(first, text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range || value < lo || value > hi)
    fail(node, field, printable(text) + " is outside " + range);
  if (error != std::errc() || end != text.data() + text.size())
    fail(node, field, "must be an integer in " + range + ", not " + quoted(text));
  return value;
}

std::vector<std::int64_t> YamlDocument::integer_list(const YAML::Node& node, std::string_view field, std::int64_t lo,
                                                     std::int64_t hi) const {
  expect_sequence(node, field);
  if (node.size() == 0) fail(node, field, "must be a non-empty list");
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < node.size(); ++i)
    out.push_back(integer(node[i], std::string(field) + "[" + std::to_string(i) + "]", lo, hi));
  return out;
}

}  // namespace smsmc::io
