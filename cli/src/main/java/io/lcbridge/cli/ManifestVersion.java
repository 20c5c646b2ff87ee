package io.lcbridge.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * {@code lcbridge --version}: the {@code Implementation-Version} of the jar the CLI runs from (the build writes it into
 * the manifest), so the printed version is always the built one and never a hard-coded string that a release forgets.
 * Run from classes outside a jar (an IDE, a test), there is no manifest and it says so.
 */
final class ManifestVersion implements CommandLine.IVersionProvider {

    /** What {@code --version} prints without a manifest version. */
    static final String UNKNOWN = "lcbridge (version unknown: not run from the packaged jar)";

    @Override
    public String[] getVersion() {
        return new String[] {line(LcBridgeCli.class.getPackage().getImplementationVersion())};
    }

    static String line(@Nullable String implementationVersion) {
        return implementationVersion == null || implementationVersion.isBlank()
                ? UNKNOWN
                : "lcbridge " + implementationVersion;
    }
}
