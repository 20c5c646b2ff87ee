package io.lcbridge.spring;

import io.lcbridge.servlet.LiveChatSnippets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Exposes the request's widget snippet to Spring MVC views as a model attribute, for templates
 * that place it themselves. The attribute renders lazily: only a template that actually prints it
 * ({@code toString()}) marks the request, so pages that ignore it still get the snippet from the
 * filter. Redirects and responses without a view are left alone.
 */
final class LiveChatViewConfigurer implements WebMvcConfigurer {

    private final String modelAttribute;

    LiveChatViewConfigurer(String modelAttribute) {
        this.modelAttribute = modelAttribute;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SnippetModelInterceptor(modelAttribute));
    }

    /** Copies the filter's lazily rendered snippet into the model. */
    static final class SnippetModelInterceptor implements HandlerInterceptor {

        private final String modelAttribute;

        SnippetModelInterceptor(String modelAttribute) {
            this.modelAttribute = modelAttribute;
        }

        @Override
        public void postHandle(
                HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView modelAndView) {
            if (modelAndView == null || modelAndView.getModelMap().containsAttribute(modelAttribute)) {
                return;
            }
            String viewName = modelAndView.getViewName();
            if (viewName != null && (viewName.startsWith("redirect:") || viewName.startsWith("forward:"))) {
                return;
            }
            Object snippet = request.getAttribute(LiveChatSnippets.ATTRIBUTE);
            if (snippet != null) {
                modelAndView.addObject(modelAttribute, snippet);
            }
        }
    }
}
