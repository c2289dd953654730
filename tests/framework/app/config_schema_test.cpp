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
  schema.section("", "T").add_string("name", name, "", no_spaces, "a word");
  EXPECT_EQ(schema.options()[0].allowed, "a word");
  auto loaded = load_config_text(schema, "name: two words", "inline");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error(), "inline:1:1: name: has a space");
  EXPECT_TRUE(load_config_text(schema, "name: word", "inline").ok());
  EXPECT_EQ(name, "word");
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
