#!/usr/bin/env sh
# The CLI route: put the widget snippet into pages generated outside Java (static sites, other stacks).
# Usage, from the repository root, after `mvn -B -q -pl cli -am package -DskipTests`:
#   LIVECHAT_LICENSE=12345678 sh examples/templated-snippet/static-site/build.sh > /tmp/index.html
set -eu
here=$(dirname "$0")
snippet=$(java -jar "${LCBRIDGE_CLI:-cli/target/lcbridge-cli.jar}" snippet --license "${LIVECHAT_LICENSE:?set LIVECHAT_LICENSE}")
# print the page with the snippet in place of the <!-- LIVECHAT --> marker
while IFS= read -r line || [ -n "$line" ]; do
  if [ "$line" = "<!-- LIVECHAT -->" ]; then printf '%s\n' "$snippet"; else printf '%s\n' "$line"; fi
done < "$here/index.html"
