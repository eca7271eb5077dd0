// GET /api/cohorts with an X-ID-Token header and test tokens (cohorts.md 3.1, 3.2, 7.3): a
// valid header names a new person and supplies the e-mail that links pending pre-registrations;
// one of another subject, or malformed, is ignored.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http_request.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace http = boost::beast::http;
const std::string kAdmin = "test::teacher::Teacher::true";

HttpAnswer list_cohorts(TestExchange& exchange, const std::string& bearer,
                        const std::string& id_token) {
  http::request<http::string_body> request{http::verb::get, "/api/cohorts", 11};
  request.set(http::field::authorization, "Bearer " + bearer);
  request.set("X-ID-Token", id_token);
  return http_send(exchange.port(), std::move(request));
}

boost::json::object me(TestExchange& exchange, const std::string& bearer) {
  const HttpAnswer answer = http_call(exchange.port(), http::verb::get, "/api/users/me", bearer);
  EXPECT_EQ(answer.result_int(), 200) << answer.body();
  return boost::json::parse(answer.body()).as_object();
}

bool lists(const HttpAnswer& answer, const std::string& cohort) {
  const boost::json::value body = boost::json::parse(answer.body());  // alive for the loop
  for (const boost::json::value& listed : body.at("cohorts").as_array()) {
    if (listed.at("name").as_string() == cohort) return true;
  }
  return false;
}

// A cohort "spring" with a pending pre-registration of dana@example.org.
void prepare_spring(TestExchange& exchange) {
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  ASSERT_EQ(http_call(exchange.port(), http::verb::post, "/api/admin/cohorts", kAdmin,
                      R"({"name":"spring","display_name":"Spring"})")
                .result_int(),
            200);
  ASSERT_EQ(http_call(exchange.port(), http::verb::post, "/api/admin/cohorts/spring/members",
                      kAdmin, R"({"emails":["dana@example.org"]})")
                .result_int(),
            200);
}

TEST(CohortIdToken, HeaderNamesANewPersonAndLinksTheirPreRegistration) {
  TestExchange exchange;
  prepare_spring(exchange);
  // The bearer alone carries another name and no e-mail: what counts is the header's.
  const std::string bearer = "test::dana::Bearer Name::false";
  const HttpAnswer answer =
      list_cohorts(exchange, bearer, "test::dana::Dana Id::false::dana@example.org");
  ASSERT_EQ(answer.result_int(), 200) << answer.body();
  EXPECT_TRUE(lists(answer, "spring"));
  const boost::json::object person = me(exchange, bearer);
  EXPECT_EQ(person.at("display_name").as_string(), "Dana Id");
  EXPECT_EQ(person.at("email").as_string(), "dana@example.org");
}

TEST(CohortIdToken, HeaderOfAnotherSubjectOrMalformedIsIgnored) {
  TestExchange exchange;
  prepare_spring(exchange);
  const std::string bearer = "test::erin::Erin::false";
  for (const std::string& header : {std::string("test::mallory::Mallory::false::dana@example.org"),
                                    std::string("test::erin"), std::string("not a token")}) {
    const HttpAnswer answer = list_cohorts(exchange, bearer, header);
    ASSERT_EQ(answer.result_int(), 200) << answer.body();
    EXPECT_FALSE(lists(answer, "spring")) << header;
  }
  const boost::json::object person = me(exchange, bearer);
  EXPECT_EQ(person.at("display_name").as_string(), "Erin");
  EXPECT_TRUE(person.at("email").is_null());
  // Dana's pre-registration is still pending: her own first contact links it.
  const HttpAnswer dana = list_cohorts(exchange, "test::dana::Dana::false::dana@example.org", "");
  ASSERT_EQ(dana.result_int(), 200) << dana.body();
  EXPECT_TRUE(lists(dana, "spring"));
}

}  // namespace
}  // namespace exchange::testing
