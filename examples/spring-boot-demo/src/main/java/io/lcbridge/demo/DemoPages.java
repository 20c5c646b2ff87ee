package io.lcbridge.demo;

import io.lcbridge.livechat.api.customer.CustomerTokens;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's pages. None of them mentions LiveChat except {@code /manual}: the starter's filter puts
 * the widget on every whole HTML page by itself, and leaves fragments and JSON alone.
 */
@Controller
class DemoPages {

    private final ReceivedWebhooks received;

    DemoPages(ReceivedWebhooks received) {
        this.received = received;
    }

    /** Auto-injected: the filter adds the snippet before {@code </body>}. */
    @GetMapping("/")
    String home() {
        return "index";
    }

    /**
     * Placed by hand: the template prints the starter's {@code livechat} model attribute where it wants the
     * widget, and the filter does not add a second one.
     */
    @GetMapping("/manual")
    String manual() {
        return "manual";
    }

    /**
     * The demo's own login page (Spring Security's default page has no widget and no way back): anonymous, so the
     * filter gives it the loader without an identity, and after a logout the snippet that makes the widget forget.
     */
    @GetMapping("/login")
    String login(
            Model model,
            @RequestParam(required = false) @Nullable String logout,
            @RequestParam(required = false) @Nullable String error) {
        model.addAttribute("loggedOut", logout != null);
        model.addAttribute("loginError", error != null);
        return "login";
    }

    /** An htmx-style fragment (no {@code <body>}): the filter must leave it byte for byte as it is. */
    @GetMapping(path = "/fragment", produces = "text/html;charset=UTF-8")
    @ResponseBody
    String fragment(Principal principal) {
        String who = principal == null ? "nobody" : principal.getName();
        return "<div id=\"fragment\" class=\"card\">A fragment for htmx or Turbo, rendered for " + who
                + ". It has no &lt;body&gt;, so it gets no widget.</div>\n";
    }

    /** A JSON endpoint: never touched by the filter. */
    @GetMapping(path = "/api/me", produces = "application/json")
    @ResponseBody
    Map<String, Object> me(Principal principal) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("authenticated", principal != null);
        if (principal != null) {
            DemoUsers.find(principal.getName()).ifPresent(u -> {
                me.put("username", u.username());
                me.put("name", u.displayName());
                me.put("email", u.email());
                me.put("plan", u.plan());
            });
        }
        return me;
    }

    @GetMapping("/playground")
    String playground() {
        return "playground";
    }

    /** The signed-in user's own deliveries (the security chain lets only signed-in users here). */
    @GetMapping("/events")
    String events(Model model, Principal principal) {
        List<ReceivedWebhooks.Received> mine = received.recentFor(principal.getName());
        model.addAttribute("events", mine);
        model.addAttribute("noEvents", mine.isEmpty());
        model.addAttribute("othersHidden", received.othersCount(principal.getName()));
        return "events";
    }

    /**
     * Counts of dispatched deliveries (JSON), read by {@code benchmarks/run-reliability.sh}: every dispatch since
     * start, and per {@code action} and chat-id prefix how many distinct deliveries were dispatched and how many twice.
     */
    @GetMapping(path = "/events/tally", produces = "application/json")
    @ResponseBody
    Map<String, Long> tally(
            @RequestParam(defaultValue = "incoming_chat") String action,
            @RequestParam(defaultValue = "") String chatPrefix) {
        return received.tally(action, chatPrefix);
    }

    /** What every page's header needs: who is signed in, the CSRF field for the logout form, the widget mode. */
    @ControllerAdvice(assignableTypes = DemoPages.class)
    static class PageModel {

        private final boolean offline;
        private final ObjectProvider<CustomerTokens> customerTokens;

        PageModel(Environment env, ObjectProvider<CustomerTokens> customerTokens) {
            this.offline = env.getProperty(DemoDefaults.NOTES_PROPERTY, "").contains("offline-preview");
            this.customerTokens = customerTokens;
        }

        @ModelAttribute
        void common(Model model, Principal principal, HttpServletRequest request) {
            model.addAttribute(
                    "user",
                    principal == null
                            ? null
                            : DemoUsers.find(principal.getName()).orElse(null));
            model.addAttribute("anonymous", principal == null);
            Object csrf = request.getAttribute(CsrfToken.class.getName());
            if (csrf instanceof CsrfToken token) {
                model.addAttribute("csrfParameter", token.getParameterName());
                model.addAttribute("csrfToken", token.getToken());
            }
            model.addAttribute("offline", offline);
            CustomerTokens tokens = customerTokens.getIfAvailable();
            model.addAttribute("customerIdentity", tokens != null);
            if (tokens != null && principal != null) {
                try {
                    tokens.boundCustomer(principal.getName()).ifPresent(id -> model.addAttribute("boundCustomer", id));
                } catch (RuntimeException e) {
                    model.addAttribute("boundCustomer", null); // binding store down: the page still renders
                }
            }
        }
    }
}
