// Free text (descriptions, notes): any language and several lines, nothing hidden.

#include "text/free_text.h"

#include <gtest/gtest.h>

namespace exchange::text {
namespace {

std::string error_of(std::string_view text, size_t max = 100) {
  return check_free_text(text, "Description", max);
}

TEST(FreeText, AcceptsLinesTabsAndAnyLanguage) {
  EXPECT_EQ(error_of(""), "");
  EXPECT_EQ(error_of("Settles at the\r\nrain\tfall in mm."), "");
  EXPECT_EQ(error_of("\xD0\x94\xD0\xBE\xD0\xB6\xD0\xB4\xD1\x8C \xE5\xB1\xB1 \xF0\x9F\x8C\xA7"), "");
  EXPECT_EQ(error_of("a\xE2\x80\x8D"
                     "b"),
            "");                            // a joiner belongs in emoji sequences
  EXPECT_EQ(error_of("Cafe\xCC\x81"), "");  // stored as written, not normalised
}

TEST(FreeText, RefusesControlCharacters) {
  const std::string control = "Description must not contain control characters";
  EXPECT_EQ(error_of("a\x01z"), control);
  EXPECT_EQ(error_of(std::string("a\0z", 3)), control);
  EXPECT_EQ(error_of("bell\x07"), control);
  EXPECT_EQ(error_of("esc\x1B[31m"), control);
  EXPECT_EQ(error_of("del\x7F"), control);
  EXPECT_EQ(error_of("c1\xC2\x9B"), control);  // U+009B CSI
}

TEST(FreeText, RefusesBidiOverrides) {
  const std::string bidi = "Description must not contain bidirectional override characters";
  EXPECT_EQ(error_of("price \xE2\x80\xAE"
                     "001"),
            bidi);  // RLO U+202E
  EXPECT_EQ(error_of("a\xE2\x80\xAA"
                     "b"),
            bidi);  // LRE U+202A
  EXPECT_EQ(error_of("a\xE2\x81\xA6"
                     "b"),
            bidi);  // LRI U+2066
  EXPECT_EQ(error_of("a\xE2\x81\xA9"
                     "b"),
            bidi);  // PDI U+2069
}

TEST(FreeText, RefusesInvalidUtf8AndLongText) {
  EXPECT_EQ(error_of("\xC3"), "Description must be valid UTF-8");
  EXPECT_EQ(error_of("\xED\xA0\x80"), "Description must be valid UTF-8");
  EXPECT_EQ(error_of(std::string(100, 'x')), "");
  EXPECT_EQ(error_of(std::string(101, 'x')), "Description must be at most 100 characters");
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "\xC3\xA9";  // code points, not bytes, count
  EXPECT_EQ(error_of(accented), "");
}

}  // namespace
}  // namespace exchange::text
