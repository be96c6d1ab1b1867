#!/bin/sh
# Rebuild data/pages.parquet from the fetched mirrors (paths as `fetch` placed them on the build machine).
# Needs: python with lxml, lxml_html_clean, trafilatura, pyarrow, opencc.
M=${MIRRORS:-/work/.mirror}
cd "$(dirname "$0")" && exec ${PYTHON:-python3} build_pages.py \
  --magic-html "$M/opendatalab+magic-html/repo" \
  --wechatscope "$M/duty-machine+wechatscope/repo" \
  --cx "$M/chrislinan+cx-extractor-python/repo/.git" \
  --gerapy "$M/Gerapy+GerapyAutoExtractor/repo" \
  --twnews "$M/virus-warnning+twnews/repo/.git" \
  --newspaper4k "$M/AndyTheFactory+newspaper4k/repo" "$@"
