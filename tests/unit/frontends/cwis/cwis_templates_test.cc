// The browser interface's template and static files: no inline script or style and no on*=
// handler anywhere (the Content-Security-Policy would block them; the test keeps them out),
// no unescaped {{{...}}} or {{&...}} but the layout's pre-rendered {{{content}}}, every
// template parses, and every page's form that changes state carries the CSRF token.

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "frontends/cwis/cwis_assets.h"
#include "frontends/http/html_template.h"

namespace mfp::frontends::cwis {
namespace {

TEST(CwisTemplates, NoInlineScriptStyleOrEventHandlers) {
  const std::regex inline_script(R"(<script(?![^>]*\bsrc=)[^>]*>)", std::regex::icase);
  const std::regex style_tag(R"(<style\b)", std::regex::icase);
  const std::regex style_attribute(R"(\sstyle\s*=)", std::regex::icase);
  const std::regex handler(R"(\son[a-z]+\s*=)", std::regex::icase);
  const std::regex javascript_url(R"(javascript:)", std::regex::icase);
  std::size_t checked = 0;
  for (const Asset& asset : cwis_assets()) {
    if (!asset.path.ends_with(".html")) continue;
    const std::string text(asset.content);
    EXPECT_FALSE(std::regex_search(text, inline_script)) << asset.path;
    EXPECT_FALSE(std::regex_search(text, style_tag)) << asset.path;
    EXPECT_FALSE(std::regex_search(text, style_attribute)) << asset.path;
    EXPECT_FALSE(std::regex_search(text, handler)) << asset.path;
    EXPECT_FALSE(std::regex_search(text, javascript_url)) << asset.path;
    ++checked;
  }
  EXPECT_GE(checked, 10u);
}

TEST(CwisTemplates, EverythingIsEscapedButTheLayoutsContent) {
  for (const Asset& asset : cwis_assets()) {
    if (!asset.path.starts_with("templates/")) continue;
    const std::string text(asset.content);
    std::size_t unescaped = 0;
    for (std::size_t at = text.find("{{{"); at != std::string::npos;
         at = text.find("{{{", at + 3)) {
      ++unescaped;
      EXPECT_EQ(asset.path, "templates/layout.html");
      EXPECT_EQ(text.compare(at, 13, "{{{content}}}"), 0) << asset.path;
    }
    EXPECT_EQ(text.find("{{&"), std::string::npos) << asset.path;
    EXPECT_EQ(text.find("{{="), std::string::npos) << asset.path;  // no delimiter changes
    if (asset.path == "templates/layout.html") {
      EXPECT_EQ(unescaped, 1u);
    }
  }
}

TEST(CwisTemplates, EveryTemplateParsesAndPostFormsCarryTheToken) {
  const std::regex post_form(
      R"(<form method="post"[^>]*>\s*(<input type="hidden" name="next"[^>]*>)?)");
  for (const Asset& asset : cwis_assets()) {
    if (!asset.path.starts_with("templates/")) continue;
    http::TemplateSet set;
    EXPECT_TRUE(set.add(std::string(asset.path), asset.content).is_ok()) << asset.path;
    const std::string text(asset.content);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), post_form);
         it != std::sregex_iterator(); ++it) {
      const std::size_t end = static_cast<std::size_t>(it->position() + it->length());
      const bool login_form = it->str().find("action=\"/login\"") != std::string::npos;
      if (login_form) continue;  // no session yet: the origin check guards it
      EXPECT_EQ(text.compare(end, 44, "<input type=\"hidden\" name=\"csrf\" value=\"{{cs"), 0)
          << asset.path << ": " << it->str();
    }
  }
}

TEST(CwisTemplates, TheEngineEscapesMarkupCharacters) {
  http::TemplateSet set;
  ASSERT_TRUE(set.add("t", "<p title=\"{{v}}\">{{v}}</p>").is_ok());
  http::TemplateData data;
  data.set("v", std::string("<a href='x'>\"&\"</a>"));
  const auto out = set.render("t", data);
  ASSERT_TRUE(out.is_ok());
  EXPECT_EQ(out.value().find('<', 1), out.value().find("</p>"));
  EXPECT_NE(out.value().find("&lt;a href=&apos;x&apos;&gt;&quot;&amp;&quot;&lt;/a&gt;"),
            std::string::npos)
      << out.value();
  EXPECT_FALSE(set.add("bad", "{{#open}}never closed").is_ok());
  EXPECT_EQ(set.render("missing", data).status().code(), pipeline::StatusCode::not_found);
}

}  // namespace
}  // namespace mfp::frontends::cwis
