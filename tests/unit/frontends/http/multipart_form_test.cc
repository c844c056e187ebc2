// MultipartForm: a browser's file upload with other fields (what Chromium sends), binary data
// with CR LF and boundary-like bytes inside, and the refusals.

#include "frontends/http/multipart_form.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/memory_exchange.h"

namespace mfp::frontends::http {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=----WebKitFormBoundaryX7a";

std::string upload(std::string_view data) {
  std::string b;
  b += "------WebKitFormBoundaryX7a\r\n";
  b += "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n";
  b += "0123abcd\r\n";
  b += "------WebKitFormBoundaryX7a\r\n";
  b += "Content-Disposition: form-data; name=\"file\"; filename=\"device.p12\"\r\n";
  b += "Content-Type: application/x-pkcs12\r\n\r\n";
  b += data;
  b += "\r\n------WebKitFormBoundaryX7a\r\n";
  b += "Content-Disposition: form-data; name=\"password\"\r\n\r\n";
  b += "p+w d\r\n";
  b += "------WebKitFormBoundaryX7a--\r\n";
  return b;
}

TEST(MultipartForm, ParsesABrowsersUpload) {
  const std::string binary("\x00\x01\r\n--\r\n----WebKitFormBoundaryX7\xff", 29);
  auto form = MultipartForm::parse(kType, upload(binary));
  ASSERT_TRUE(form.is_ok()) << form.status().message();
  ASSERT_EQ(form->parts().size(), 3u);
  EXPECT_EQ(form->value("csrf"), "0123abcd");
  EXPECT_EQ(form->value("password"), "p+w d");
  const FormPart* file = form->part("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->file_name, "device.p12");
  EXPECT_EQ(file->content_type, "application/x-pkcs12");
  EXPECT_EQ(file->data, binary);
  EXPECT_EQ(form->part("missing"), nullptr);
  // The boundary may be quoted.
  EXPECT_TRUE(MultipartForm::parse("multipart/form-data; boundary=\"----WebKitFormBoundaryX7a\"",
                                   upload("x"))
                  .is_ok());
}

TEST(MultipartForm, RefusesMalformedBodies) {
  const std::string good = upload("data");
  const std::pair<std::string, std::string> bad[] = {
      {"application/x-www-form-urlencoded", good},
      {"multipart/form-data", good},
      {"multipart/form-data; boundary=", good},
      {"multipart/form-data; boundary=" + std::string(71, 'a'), good},
      {std::string(kType), good.substr(0, good.size() - 4)},  // no closing delimiter
      {std::string(kType), "junk" + good},                    // preamble
      {std::string(kType), "------WebKitFormBoundaryX7a\r\n\r\nx\r\n------WebKitFormBoundaryX7a--"},
      {std::string(kType),
       "------WebKitFormBoundaryX7a\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n"
       "------WebKitFormBoundaryX7a--"},
      {std::string(kType),
       "------WebKitFormBoundaryX7a\r\nContent-Disposition: form-data\r\n\r\nx\r\n"
       "------WebKitFormBoundaryX7a--"},
      {std::string(kType),
       "------WebKitFormBoundaryX7a\r\nX-Other: 1\r\n\r\nx\r\n------WebKitFormBoundaryX7a--"},
  };
  for (const auto& [type, body] : bad) {
    EXPECT_EQ(MultipartForm::parse(type, body).status().code(),
              pipeline::StatusCode::invalid_argument)
        << type << " | " << body.substr(0, 60);
  }
  std::string many = "------WebKitFormBoundaryX7a";
  for (std::size_t i = 0; i <= kMaxFormParts; ++i) {
    many +=
        "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n------WebKitFormBoundaryX7a";
  }
  many += "--";
  EXPECT_FALSE(MultipartForm::parse(kType, many).is_ok());
}

TEST(ReadMultipart, ReadsTheBodyWithinItsLimit) {
  testing::MemoryExchange ok("POST", "/x", upload("data"));
  ok.add_field("Content-Type", std::string(kType));
  auto form = read_multipart(ok);
  ASSERT_TRUE(form.is_ok());
  EXPECT_EQ(form->value("file"), "data");
  testing::MemoryExchange big("POST", "/x", upload(std::string(2000, 'a')));
  big.add_field("Content-Type", std::string(kType));
  EXPECT_EQ(read_multipart(big, 1000).status().code(), pipeline::StatusCode::limit_exceeded);
  testing::MemoryExchange untyped("POST", "/x", upload("data"));
  EXPECT_FALSE(read_multipart(untyped).is_ok());
}

}  // namespace
}  // namespace mfp::frontends::http
