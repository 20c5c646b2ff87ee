/**
 * A local fake of LiveChat's Platform API v3.6 for tests and the demo: {@link
 * io.lcbridge.testsupport.livechat.FakeLiveChat}.
 */
@NullMarked
package io.lcbridge.testsupport.livechat;

import org.jspecify.annotations.NullMarked;
