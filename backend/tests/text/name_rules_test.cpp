// Names: one canonical spelling, nothing invisible, uniqueness that sees through look-alikes
// (issue 13, item 11).

#include "text/name_rules.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "text/utf8.h"

namespace exchange::text {
namespace {

std::string name_of(std::string_view raw) {
  NameCheck check = check_name(raw, "Name", 64);
  EXPECT_TRUE(check.error.empty()) << check.error;
  return check.name;
}

std::string error_of(std::string_view raw, std::string_view field = "Name", size_t max = 64) {
  return check_name(raw, field, max).error;
}

TEST(NameRules, TrimsAndCollapsesWhitespace) {
  EXPECT_EQ(name_of("  Ada  "), "Ada");
  EXPECT_EQ(name_of("alice "), "alice");  // an alt "alice " is "alice"
  EXPECT_EQ(name_of("\xE3\x80\x80"
                    "Ada\xC2\xA0"),
            "Ada");  // ideographic space, no-break space
  EXPECT_EQ(name_of("Ada   Lovelace"), "Ada Lovelace");
  EXPECT_EQ(name_of("Ada\xC2\xA0\xC2\xA0Lovelace"), "Ada Lovelace");
}

TEST(NameRules, NormalisesToNfkc) {
  EXPECT_EQ(name_of("\xEF\xBC\xA1\xEF\xBD\x84\xEF\xBD\x81"), "Ada");  // full-width Ａｄａ
  EXPECT_EQ(name_of("\xEF\xAC\x81"
                    "sh"),
            "fish");                                  // the "ﬁ" ligature
  EXPECT_EQ(name_of("Cafe\xCC\x81"), "Caf\xC3\xA9");  // e + combining acute -> é
  EXPECT_EQ(name_of("Jos\xC3\xA9"), "Jos\xC3\xA9");
  EXPECT_EQ(name_of("\xE5\xB1\xB1\xE7\x94\xB0"), "\xE5\xB1\xB1\xE7\x94\xB0");  // 山田
}

TEST(NameRules, RefusesEmptyAndLongNames) {
  EXPECT_EQ(error_of(""), "Name must not be empty");
  EXPECT_EQ(error_of("   "), "Name must not be empty");
  EXPECT_EQ(error_of(std::string(64, 'a')), "");
  EXPECT_EQ(error_of(std::string(65, 'a')), "Name must be at most 64 characters");
  EXPECT_EQ(error_of(std::string(31, 'm'), "Market name", 30),
            "Market name must be at most 30 characters");
  std::string accented;
  for (int i = 0; i < 64; ++i) accented += "\xC3\xA9";  // 64 code points, 128 bytes
  EXPECT_EQ(error_of(accented), "");
}

TEST(NameRules, RefusesInvalidUtf8) {
  EXPECT_EQ(error_of("\xC3"), "Name must be valid UTF-8");              // truncated
  EXPECT_EQ(error_of("\xC0\xAF"), "Name must be valid UTF-8");          // overlong
  EXPECT_EQ(error_of("\xED\xA0\x80"), "Name must be valid UTF-8");      // a surrogate
  EXPECT_EQ(error_of("\xF4\x90\x80\x80"), "Name must be valid UTF-8");  // beyond U+10FFFF
}

TEST(NameRules, RefusesControlAndInvisibleCharacters) {
  const std::string invisible = "Name must not contain control or invisible characters";
  EXPECT_EQ(error_of("a\x01z"), invisible);
  EXPECT_EQ(error_of("tab\tname"), invisible);
  EXPECT_EQ(error_of("two\nlines"), invisible);
  EXPECT_EQ(error_of("a\xC2\x85z"), invisible);  // C1 NEL
  EXPECT_EQ(error_of("al\xE2\x80\x8B"
                     "ice"),
            invisible);  // zero-width space
  EXPECT_EQ(error_of("al\xE2\x80\x8D"
                     "ice"),
            invisible);  // zero-width joiner
  EXPECT_EQ(error_of("\xEF\xBB\xBF"
                     "alice"),
            invisible);  // byte-order mark
  EXPECT_EQ(error_of("\xE2\x80\xAE"
                     "ecila"),
            invisible);  // right-to-left override
  EXPECT_EQ(error_of("a\xE2\x80\xAA"
                     "b"),
            invisible);  // left-to-right embedding
  EXPECT_EQ(error_of("a\xE2\x81\xA7"
                     "b"),
            invisible);                                 // right-to-left isolate
  EXPECT_EQ(error_of("alice\xE2\x80\x8F"), invisible);  // right-to-left mark
  EXPECT_EQ(error_of("a\xE2\x80\xA8"
                     "b"),
            invisible);  // line separator
  EXPECT_EQ(error_of("a\xE2\x80\xA9"
                     "b"),
            invisible);  // paragraph separator
  EXPECT_EQ(error_of("a\xEE\x80\x80"
                     "b"),
            invisible);  // private use U+E000
  EXPECT_EQ(error_of("a\xEF\xBF\xBF"
                     "b"),
            invisible);  // noncharacter U+FFFF
  EXPECT_EQ(error_of("a\xF0\xB0\x80\x80"
                     "b"),
            "");  // U+30000, assigned (CJK Ext G)
  EXPECT_EQ(error_of("a\xF3\xA0\x80\x81"
                     "b"),
            invisible);  // language tag U+E0001
  EXPECT_EQ(error_of("a\xF4\x8F\xBF\xBD"
                     "b"),
            invisible);  // plane 16 private use
  EXPECT_EQ(error_of("a\xCD\xB8"
                     "b"),
            invisible);  // unassigned U+0378
}

TEST(NameRules, RefusesZalgo) {
  // Up to two combining marks in a row (e.g. Vietnamese ệ decomposed) are fine, three are not.
  EXPECT_EQ(error_of("e\xCC\xA3\xCC\x82"), "");
  EXPECT_EQ(error_of("Ze\xCC\xB4\xCD\x8C\xCD\x9Bro"), "Name has too many combining marks");
  std::string zalgo = "zalgo";
  for (int i = 0; i < 20; ++i) zalgo += "\xCC\x81\xCC\xB8";
  EXPECT_EQ(error_of(zalgo), "Name has too many combining marks");
  EXPECT_EQ(error_of("\xCC\x81"
                     "abc"),
            "Name must not start with a combining mark");
  // Marks count as drawn: z + three marks is three even though NFKC composes z + acute into ź.
  EXPECT_EQ(error_of("z\xCC\x81\xCC\x82\xCC\x83"
                     "algo"),
            "Name has too many combining marks");
  EXPECT_EQ(error_of("\xC3\xA9\xCC\x82\xCC\x83"), "Name has too many combining marks");
}

TEST(NameKey, IgnoresCaseAndConfusables) {
  const std::string alice = name_key("alice");
  EXPECT_EQ(name_key("Alice"), alice);
  EXPECT_EQ(name_key("ALICE"), alice);
  EXPECT_EQ(name_key("\xD0\xB0lice"), alice);  // Cyrillic а (U+0430)
  EXPECT_EQ(name_key("\xD0\x90lice"), alice);  // Cyrillic А (U+0410)
  EXPECT_EQ(name_key(name_of("alice ")), alice);
  EXPECT_EQ(name_key(name_of("\xEF\xBD\x81lice")), alice);  // full-width ａ
  EXPECT_NE(name_key("bob"), alice);
  EXPECT_NE(name_key("alicia"), alice);
  EXPECT_NE(name_key("alice 2"), alice);
  EXPECT_EQ(name_key("paypal"), name_key("p\xD0\xB0yp\xD0\xB0l"));
  EXPECT_EQ(name_key("Stra\xC3\x9F"
                     "e"),
            name_key("STRASSE"));  // full case folding
  EXPECT_NE(name_key("\xE5\xB1\xB1\xE7\x94\xB0"), name_key("\xE7\x94\xB0\xE5\xB1\xB1"));
}

TEST(NameKey, IsStableAcrossThreads) {
  const std::string expected = name_key("\xD0\xB0lice");
  std::vector<std::thread> threads;
  std::vector<std::string> keys(4);
  for (size_t i = 0; i < keys.size(); ++i) {
    threads.emplace_back([&keys, i] {
      for (int round = 0; round < 200; ++round) keys[i] = name_key("Alice");
    });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& key : keys) EXPECT_EQ(key, expected);
}

TEST(Utf8, CountsCodePointsAndRejectsInvalid) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("\xC3\xA9t\xC3\xA9"), 3u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(utf8_length("\xC3"), std::string_view::npos);
  EXPECT_EQ(utf8_length("\xC0\xAF"), std::string_view::npos);
  EXPECT_EQ(utf8_length("\xFF"), std::string_view::npos);
}

}  // namespace
}  // namespace exchange::text
