package io.lcbridge.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Request wrapper whose {@link AsyncContext#complete()} first writes out the bytes the injector still holds: an async
 * application completes the response itself, after the filter returned, and may never close its stream.
 */
final class DrainingRequest extends HttpServletRequestWrapper {

    private final InjectingResponse response;

    DrainingRequest(HttpServletRequest request, InjectingResponse response) {
        super(request);
        this.response = response;
    }

    @Override
    public AsyncContext startAsync() {
        return new DrainingAsyncContext(super.startAsync(), response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return new DrainingAsyncContext(super.startAsync(request, response), this.response);
    }

    @Override
    public AsyncContext getAsyncContext() {
        return new DrainingAsyncContext(super.getAsyncContext(), response);
    }

    private record DrainingAsyncContext(AsyncContext delegate, InjectingResponse response) implements AsyncContext {

        @Override
        public void complete() {
            try {
                response.finishRequest();
            } catch (IOException e) {
                // the client went away: completing is all that is left to do
            } finally {
                delegate.complete();
            }
        }

        @Override
        public ServletRequest getRequest() {
            return delegate.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return delegate.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return delegate.hasOriginalRequestAndResponse();
        }

        @Override
        public void dispatch() {
            drainBeforeDispatch();
            delegate.dispatch();
        }

        @Override
        public void dispatch(String path) {
            drainBeforeDispatch();
            delegate.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext context, String path) {
            drainBeforeDispatch();
            delegate.dispatch(context, path);
        }

        private void drainBeforeDispatch() {
            try {
                response.finishRequest();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void start(Runnable run) {
            delegate.start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            delegate.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            delegate.addListener(listener, request, response);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
            return delegate.createListener(clazz);
        }

        @Override
        public void setTimeout(long timeout) {
            delegate.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return delegate.getTimeout();
        }
    }
}
