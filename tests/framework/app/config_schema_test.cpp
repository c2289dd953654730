// Declaring keys: typed targets receive parsed values, and declaration
// mistakes are caught when the program sets up its schema.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <cio/app/config.hpp>

namespace cio::app {
namespace {

using namespace std::chrono_literals;

enum class Color : uint8_t { red, green };

TEST(ConfigSchema, KeysKeepDeclarationOrderAndPrefix) {
  ConfigSchema schema;
  bool a = false;
  int b = 1;
  schema.section("app", "App").add_bool("a", a, "A").add_integer("b", b, 0, 9, "B");
  ASSERT_EQ(schema.options().size(), 2U);
  EXPECT_EQ(schema.options()[0].key, "app.a");
  EXPECT_EQ(schema.options()[1].key, "app.b");
  EXPECT_EQ(schema.options()[1].group, "App");
  EXPECT_NE(schema.find("app.b"), nullptr);
  EXPECT_EQ(schema.find("app"), nullptr);
  EXPECT_TRUE(schema.is_section("app"));
  EXPECT_FALSE(schema.is_section("ap"));
}

TEST(ConfigSchema, ValuesLandInTypedTargets) {
  ConfigSchema schema;
  int16_t small = 0;
  std::optional<uint64_t> big;
  std::chrono::seconds period = 1s;
  Color color = Color::red;
  std::map<std::string, Color, std::less<>> colors;
  schema.section("t", "T")
      .add_integer("small", small, int16_t{-5}, int16_t{5}, "")
      .add_integer("big", big, uint64_t{1}, uint64_t{1} << 40, "")
      .add_duration("period", period, 0s, std::chrono::seconds(3600), "")
      .add_enum("color", color, Choices<Color>{{"red", Color::red}, {"green", Color::green}}, "")
      .add_enum_map("colors", colors, Choices<Color>{{"red", Color::red}, {"green", Color::green}},
                    "");
  auto loaded = load_config_text(schema,
                                 "t: {small: -5, big: 1099511627776, period: 2m, color: green,"
                                 " colors: {x: green, y: red}}",
                                 "inline");
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_EQ(small, -5);
  EXPECT_EQ(big, uint64_t{1} << 40);
  EXPECT_EQ(period, 120s);
  EXPECT_EQ(color, Color::green);
  EXPECT_EQ(colors,
            (std::map<std::string, Color, std::less<>>{{"x", Color::green}, {"y", Color::red}}));
}

TEST(ConfigSchema, AutoIsNulloptAndRendersBack) {
  ConfigSchema schema;
  std::optional<uint32_t> count = 3;
  schema.section("", "T").add_integer("count", count, uint32_t{1}, uint32_t{8}, "");
  ASSERT_TRUE(load_config_text(schema, "count: auto", "inline").ok());
  EXPECT_EQ(count, std::nullopt);
  EXPECT_EQ(std::get<std::string>(schema.options()[0].render()), "auto");
  EXPECT_EQ(std::get<std::string>(schema.options()[0].default_value), "3");
}

TEST(ConfigSchema, DurationFinerThanTheTargetIsRejected) {
  ConfigSchema schema;
  std::chrono::milliseconds timeout = 1s;
  schema.section("", "T").add_duration("timeout", timeout, std::chrono::milliseconds(0),
                                       std::chrono::milliseconds(60s), "");
  auto loaded = load_config_text(schema, "timeout: 1500us", "inline");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error(),
            "inline:1:1: timeout: 1500us is finer than the 1ms resolution of this key");
  EXPECT_EQ(timeout, 1s);
}

TEST(ConfigSchema, StringCheckRejects) {
  ConfigSchema schema;
  std::string name = "ok";
  auto no_spaces = [](std::string_view text) -> Parsed<> {
    if (text.find(' ') != std::string_view::npos) return ParseError{"has a space"};
    return {};
  };
  schema.section("", "T").add_string("name", name, "", {no_spaces, "a word"});
  EXPECT_EQ(schema.options()[0].allowed, "a word");
  auto loaded = load_config_text(schema, "name: two words", "inline");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error(), "inline:1:1: name: has a space");
  EXPECT_TRUE(load_config_text(schema, "name: word", "inline").ok());
  EXPECT_EQ(name, "word");
}

// A check refusing one value, for any kind of key.
template <typename T>
Check<T> refuse(T refused, std::string allowed = "not that one") {
  return {[refused](const T& value) -> Parsed<> {
            if (value == refused) return ParseError{"refused"};
            return {};
          },
          std::move(allowed)};
}

TEST(ConfigSchema, EveryKindTakesACheck) {
  ConfigSchema schema;
  bool flag = false;
  int count = 1;
  std::optional<uint32_t> shards;
  std::chrono::milliseconds period = 1s;
  std::vector<std::string> list;
  Color color = Color::red;
  std::map<std::string, Color, std::less<>> colors;
  const Choices<Color> choices{{"red", Color::red}, {"green", Color::green}};
  schema.section("k", "K")
      .add_bool("flag", flag, "", refuse(true))
      .add_integer("count", count, 0, 9, "", refuse(7))
      .add_integer("shards", shards, 1, 8, "", refuse(std::optional<uint32_t>(3)))
      .add_duration("period", period, 0s, std::chrono::milliseconds(1h), "",
                    refuse(std::chrono::milliseconds(2s)))
      .add_list("list", list, "", refuse(std::vector<std::string>{"x"}))
      .add_enum("color", color, choices, "", refuse(Color::green))
      .add_enum_map("colors", colors, choices, "",
                    refuse(std::pair<std::string, Color>("a", Color::green)));
  EXPECT_EQ(schema.find("k.count")->allowed, "0..9, not that one");
  EXPECT_EQ(schema.find("k.list")->allowed, "not that one");
  for (const char* yaml : {"k.flag: true", "k.count: 7", "k.shards: 3", "k.period: 2s",
                           "k.list: [x]", "k.color: green", "k.colors: {a: green}"}) {
    auto loaded = load_config_text(schema, yaml, "inline");
    ASSERT_FALSE(loaded.ok()) << yaml;
    EXPECT_TRUE(loaded.error().ends_with(": refused")) << loaded.error();
  }
  EXPECT_FALSE(flag);
  EXPECT_EQ(count, 1) << "a refused value leaves the target alone";
  EXPECT_TRUE(colors.empty());
  EXPECT_TRUE(load_config_text(schema, "k: {count: 8, colors: {b: green}, color: red}", "inline"));
  EXPECT_EQ(count, 8);
  EXPECT_EQ(colors.size(), 1U);
}

TEST(ConfigSchema, IntegerBoundsNeedNoSpelledType) {
  ConfigSchema schema;
  uint16_t port = 7000;
  std::optional<uint8_t> small;
  schema.section("", "T")
      .add_integer("port", port, 0, 65535, "")
      .add_integer("small", small, 1, 255, "");
  EXPECT_EQ(schema.find("port")->allowed, "0..65535");
  EXPECT_TRUE(load_config_text(schema, "port: 65535\nsmall: 255", "inline"));
  EXPECT_EQ(port, 65535);
  EXPECT_EQ(small, 255);
  uint16_t other = 0;
  EXPECT_THROW(schema.section("", "T").add_integer("other", other, 0, 65536, ""), std::logic_error)
      << "a bound the target cannot hold";
  EXPECT_THROW(schema.section("", "T").add_integer("other", other, -1, 5, ""), std::logic_error);
}

TEST(ConfigSchema, RulesSeeTheWholeConfigAndNameWhereAKeyWasSet) {
  ConfigSchema schema;
  int low = 1;
  int high = 5;
  schema.section("r", "R")
      .add_integer("low", low, 0, 100, "")
      .add_integer("high", high, 0, 100, "");
  schema.add_rule({"r.low", "r.high"}, [&]() -> Parsed<> {
    if (low <= high) return {};
    return ParseError{std::to_string(low) + " is more than r.high (" + std::to_string(high) + ")"};
  });
  EXPECT_TRUE(schema.check_rules());
  low = 9;
  EXPECT_EQ(schema.check_rules().error(), "r.low: 9 is more than r.high (5)")
      << "with defaults only, just the key";
  ASSERT_TRUE(load_config_text(schema, "r:\n  high: 3\n  low: 4\n", "app.yaml"));
  EXPECT_EQ(schema.check_rules().error(), "app.yaml:3:3: r.low: 4 is more than r.high (3)");
  EXPECT_THROW(schema.add_rule({"r.none"}, [] { return Parsed<>(); }), std::logic_error);
}

TEST(ConfigSchema, DuplicateOrNestedKeysThrow) {
  ConfigSchema schema;
  int a = 0;
  int b = 0;
  schema.section("x", "X").add_integer("a", a, 0, 1, "");
  EXPECT_THROW(schema.section("x", "X").add_integer("a", b, 0, 1, ""), std::logic_error);
  EXPECT_THROW(schema.section("", "X").add_integer("x", b, 0, 1, ""), std::logic_error);
  EXPECT_THROW(schema.section("x.a", "X").add_integer("b", b, 0, 1, ""), std::logic_error);
  EXPECT_EQ(schema.options().size(), 1U);
}

TEST(ConfigSchema, BadDeclarationsThrow) {
  ConfigSchema schema;
  int outside = 10;
  int fine = 0;
  Color color = Color::green;
  std::chrono::seconds period = 1s;
  auto section = schema.section("", "T");
  EXPECT_THROW(section.add_integer("outside", outside, 0, 5, ""), std::logic_error);
  EXPECT_THROW(section.add_integer("reversed", fine, 5, 0, ""), std::logic_error);
  EXPECT_THROW(section.add_enum("color", color, Choices<Color>{{"red", Color::red}}, ""),
               std::logic_error);
  EXPECT_THROW(section.add_duration("period", period, 2s, 1s, ""), std::logic_error);
  EXPECT_THROW(section.add_duration("negative", period, -1s, 1s, ""), std::logic_error);
  EXPECT_TRUE(schema.options().empty());
}

}  // namespace
}  // namespace cio::app
