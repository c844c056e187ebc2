// System → restart (the reboot confirmation after a change that needs one): an orderly
// shutdown and a warm start through the device services (administrators, as AccessPolicy
// says). The page says to come back in a moment; the session ends with the restart.

#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"

namespace mfp::frontends::cwis {

void restart_submit(WebRequest& request) {
  const auto done = request.device().maintenance().restart(request.caller());
  if (!done.is_ok()) return request.fail(done);
  http::TemplateData data;
  data.set("message", std::string("The device is restarting. Log in again in a minute."));
  request.page("templates/command_done.html", "Restart", data);
}

}  // namespace mfp::frontends::cwis
