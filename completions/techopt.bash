# bash completion for techopt, generated from its picocli model by io.techopt.cli.Completions: do not edit (bin/install-shell installs it).
# Load it with: source completions/techopt.bash

# The command a word leads to from command $1 (REPLY empty when $2 is no subcommand of it).
_techopt_sub() {
  case "$1/$2" in
    techopt/analyze-logs|techopt/analyze) REPLY=techopt_analyze_logs ;;
    techopt/ab-report) REPLY=techopt_ab_report ;;
    techopt/budget) REPLY=techopt_budget ;;
    techopt/compress) REPLY=techopt_compress ;;
    techopt/cost-forecast) REPLY=techopt_cost_forecast ;;
    techopt/route-sim) REPLY=techopt_route_sim ;;
    techopt/cache-warm) REPLY=techopt_cache_warm ;;
    techopt/ingest) REPLY=techopt_ingest ;;
    techopt/render) REPLY=techopt_render ;;
    techopt/samples) REPLY=techopt_samples ;;
    techopt_cache_warm/calibrate) REPLY=techopt_cache_warm_calibrate ;;
    techopt_cache_warm/simulate) REPLY=techopt_cache_warm_simulate ;;
    techopt_samples/generate) REPLY=techopt_samples_generate ;;
    *) REPLY= ;;
  esac
}

# The words command $1 completes: its options (REPLY), subcommands (SUBS) and whether it takes files (FILES).
_techopt_words() {
  case $1 in
    techopt) REPLY='-h --help -V --version' SUBS='analyze-logs analyze ab-report budget compress cost-forecast route-sim cache-warm ingest render samples' FILES=0 ;;
    techopt_analyze_logs) REPLY='--store --input-format --since --until --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --plan --plan-quality-bar -g --group-by --batchable --top --cache-ttl --semantic-cache --semantic-threshold --batch-export --batch-deployment --compare-to --engine -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_ab_report) REPLY='--store --input-format --since --until --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --experiment --weights --control --alpha --cuped --fail-on-srm -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_budget) REPLY='--store --input-format --since --until --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --budgets --prompt --task-type --encoding -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_compress) REPLY='--store --input-format --since --until --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --rate --target-tokens --question --encoding --protect --keep-turns --drop-hash-comments --abbreviate --abbreviations --embedder --no-dedup --diff --log --write -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_cost_forecast) REPLY='--store --input-format --since --until --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --horizon --budget --holdout --by --top --fail-on-alert --webhook --focus-csv --billing-account-id --billing-account-name --forecast-csv -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_route_sim) REPLY='--store --input-format --since --until --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --matrix --pool --weak --strong --quality-bar --threshold --prior-strength --target-quality --max-strong-share --embedder --neighbours -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_cache_warm) REPLY='--store --input-format --since --until --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --top --min-count --half-life-days --ttl --namespace --l1-snapshot --redis --qdrant --collection --index --embedder --checkpoint --dry-run --generate --endpoint --max-usd --model --max-tokens --api-key-env --parallel --rpm -h --help -V --version' SUBS='calibrate simulate' FILES=1 ;;
    techopt_cache_warm_calibrate) REPLY='-f --format -q --quiet --table --color -o --out --pairs --limit --seed --min-precision --no-guards --embedder -h --help -V --version' SUBS='' FILES=0 ;;
    techopt_cache_warm_simulate) REPLY='--store --input-format --since --until --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --l1-entries --l1-ttl --l2-entries --l2-ttl --no-semantic --threshold --embedder --no-guards --l3-ttl --semantic-entries --calibration --namespace --pairs --queries --seed --policy --max-error --index --min-score --decisions -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_ingest) REPLY='--store --input-format --strict --default-model --max-line-mb --threads --batch-ended-at --prices --price-date -f --format -q --quiet --table --color -o --out --keep-text -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_render) REPLY='--kind -f --format -q --quiet --table --color -o --out -h --help -V --version' SUBS='' FILES=1 ;;
    techopt_samples) REPLY='-h --help -V --version' SUBS='generate' FILES=0 ;;
    techopt_samples_generate) REPLY='--requests --seed --days --start -o --out --color -h --help -V --version' SUBS='' FILES=0 ;;
  esac
}

# What the value of option $2 of command $1 completes to (values:..., files, dirs or free); fails when it takes
# none. '--opt=' is the form with the value in the same word (the only one of an optional value).
_techopt_value() {
  case "$1 $2" in
    'techopt_analyze_logs --store='|\
    'techopt_analyze_logs --store'|\
    'techopt_analyze_logs --batch-export='|\
    'techopt_analyze_logs --batch-export') REPLY=dirs ;;
    'techopt_analyze_logs --input-format='|\
    'techopt_analyze_logs --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_analyze_logs --since='|\
    'techopt_analyze_logs --since'|\
    'techopt_analyze_logs --until='|\
    'techopt_analyze_logs --until'|\
    'techopt_analyze_logs --default-model='|\
    'techopt_analyze_logs --default-model'|\
    'techopt_analyze_logs --max-line-mb='|\
    'techopt_analyze_logs --max-line-mb'|\
    'techopt_analyze_logs --threads='|\
    'techopt_analyze_logs --threads'|\
    'techopt_analyze_logs --batch-ended-at='|\
    'techopt_analyze_logs --batch-ended-at'|\
    'techopt_analyze_logs --price-date='|\
    'techopt_analyze_logs --price-date'|\
    'techopt_analyze_logs --plan-quality-bar='|\
    'techopt_analyze_logs --plan-quality-bar'|\
    'techopt_analyze_logs --top='|\
    'techopt_analyze_logs --top'|\
    'techopt_analyze_logs --cache-ttl='|\
    'techopt_analyze_logs --cache-ttl'|\
    'techopt_analyze_logs --semantic-threshold='|\
    'techopt_analyze_logs --semantic-threshold'|\
    'techopt_analyze_logs --batch-deployment='|\
    'techopt_analyze_logs --batch-deployment'|\
    'techopt_analyze_logs --compare-to=') REPLY=free ;;
    'techopt_analyze_logs --prices='|\
    'techopt_analyze_logs --prices'|\
    'techopt_analyze_logs -o'|\
    'techopt_analyze_logs --out='|\
    'techopt_analyze_logs --out') REPLY=files ;;
    'techopt_analyze_logs -f'|\
    'techopt_analyze_logs --format='|\
    'techopt_analyze_logs --format') REPLY='values:table json csv markdown html' ;;
    'techopt_analyze_logs --table='|\
    'techopt_analyze_logs --table') REPLY='values:list notes' ;;
    'techopt_analyze_logs --color='|\
    'techopt_analyze_logs --color') REPLY='values:auto always never' ;;
    'techopt_analyze_logs -g'|\
    'techopt_analyze_logs --group-by='|\
    'techopt_analyze_logs --group-by') REPLY='values:model provider user team task_type session day' ;;
    'techopt_analyze_logs --batchable='|\
    'techopt_analyze_logs --batchable') REPLY='values:batch classification data_labeling embedding evaluation extraction summarization tagging translation' ;;
    'techopt_analyze_logs --semantic-cache=') REPLY='values:minilm hash openai:text-embedding-3-small openai:text-embedding-3-large' ;;
    'techopt_analyze_logs --engine='|\
    'techopt_analyze_logs --engine') REPLY='values:auto memory duckdb' ;;
    'techopt_ab_report --store='|\
    'techopt_ab_report --store') REPLY=dirs ;;
    'techopt_ab_report --input-format='|\
    'techopt_ab_report --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_ab_report --since='|\
    'techopt_ab_report --since'|\
    'techopt_ab_report --until='|\
    'techopt_ab_report --until'|\
    'techopt_ab_report --default-model='|\
    'techopt_ab_report --default-model'|\
    'techopt_ab_report --max-line-mb='|\
    'techopt_ab_report --max-line-mb'|\
    'techopt_ab_report --threads='|\
    'techopt_ab_report --threads'|\
    'techopt_ab_report --batch-ended-at='|\
    'techopt_ab_report --batch-ended-at'|\
    'techopt_ab_report --price-date='|\
    'techopt_ab_report --price-date'|\
    'techopt_ab_report --experiment='|\
    'techopt_ab_report --experiment'|\
    'techopt_ab_report --weights='|\
    'techopt_ab_report --weights'|\
    'techopt_ab_report --control='|\
    'techopt_ab_report --control'|\
    'techopt_ab_report --alpha='|\
    'techopt_ab_report --alpha') REPLY=free ;;
    'techopt_ab_report --prices='|\
    'techopt_ab_report --prices'|\
    'techopt_ab_report -o'|\
    'techopt_ab_report --out='|\
    'techopt_ab_report --out') REPLY=files ;;
    'techopt_ab_report -f'|\
    'techopt_ab_report --format='|\
    'techopt_ab_report --format') REPLY='values:table json csv markdown html' ;;
    'techopt_ab_report --table='|\
    'techopt_ab_report --table') REPLY='values:list notes' ;;
    'techopt_ab_report --color='|\
    'techopt_ab_report --color') REPLY='values:auto always never' ;;
    'techopt_budget --store='|\
    'techopt_budget --store') REPLY=dirs ;;
    'techopt_budget --input-format='|\
    'techopt_budget --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_budget --since='|\
    'techopt_budget --since'|\
    'techopt_budget --until='|\
    'techopt_budget --until'|\
    'techopt_budget --default-model='|\
    'techopt_budget --default-model'|\
    'techopt_budget --max-line-mb='|\
    'techopt_budget --max-line-mb'|\
    'techopt_budget --threads='|\
    'techopt_budget --threads'|\
    'techopt_budget --batch-ended-at='|\
    'techopt_budget --batch-ended-at'|\
    'techopt_budget --price-date='|\
    'techopt_budget --price-date'|\
    'techopt_budget --task-type='|\
    'techopt_budget --task-type') REPLY=free ;;
    'techopt_budget --prices='|\
    'techopt_budget --prices'|\
    'techopt_budget -o'|\
    'techopt_budget --out='|\
    'techopt_budget --out'|\
    'techopt_budget --budgets='|\
    'techopt_budget --budgets') REPLY=files ;;
    'techopt_budget -f'|\
    'techopt_budget --format='|\
    'techopt_budget --format') REPLY='values:table json csv markdown html' ;;
    'techopt_budget --table='|\
    'techopt_budget --table') REPLY='values:list notes' ;;
    'techopt_budget --color='|\
    'techopt_budget --color') REPLY='values:auto always never' ;;
    'techopt_budget --encoding='|\
    'techopt_budget --encoding') REPLY='values:o200k_base cl100k_base' ;;
    'techopt_compress --store='|\
    'techopt_compress --store') REPLY=dirs ;;
    'techopt_compress --input-format='|\
    'techopt_compress --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_compress --since='|\
    'techopt_compress --since'|\
    'techopt_compress --until='|\
    'techopt_compress --until'|\
    'techopt_compress --default-model='|\
    'techopt_compress --default-model'|\
    'techopt_compress --max-line-mb='|\
    'techopt_compress --max-line-mb'|\
    'techopt_compress --threads='|\
    'techopt_compress --threads'|\
    'techopt_compress --batch-ended-at='|\
    'techopt_compress --batch-ended-at'|\
    'techopt_compress --price-date='|\
    'techopt_compress --price-date'|\
    'techopt_compress --rate='|\
    'techopt_compress --rate'|\
    'techopt_compress --target-tokens='|\
    'techopt_compress --target-tokens'|\
    'techopt_compress --question='|\
    'techopt_compress --question'|\
    'techopt_compress --protect='|\
    'techopt_compress --protect'|\
    'techopt_compress --keep-turns='|\
    'techopt_compress --keep-turns') REPLY=free ;;
    'techopt_compress --prices='|\
    'techopt_compress --prices'|\
    'techopt_compress -o'|\
    'techopt_compress --out='|\
    'techopt_compress --out'|\
    'techopt_compress --abbreviations='|\
    'techopt_compress --abbreviations'|\
    'techopt_compress --write='|\
    'techopt_compress --write') REPLY=files ;;
    'techopt_compress -f'|\
    'techopt_compress --format='|\
    'techopt_compress --format') REPLY='values:table json csv markdown html' ;;
    'techopt_compress --table='|\
    'techopt_compress --table') REPLY='values:list notes' ;;
    'techopt_compress --color='|\
    'techopt_compress --color') REPLY='values:auto always never' ;;
    'techopt_compress --encoding='|\
    'techopt_compress --encoding') REPLY='values:o200k_base cl100k_base' ;;
    'techopt_compress --embedder='|\
    'techopt_compress --embedder') REPLY='values:minilm hash openai:text-embedding-3-small openai:text-embedding-3-large' ;;
    'techopt_cost_forecast --store='|\
    'techopt_cost_forecast --store') REPLY=dirs ;;
    'techopt_cost_forecast --input-format='|\
    'techopt_cost_forecast --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_cost_forecast --since='|\
    'techopt_cost_forecast --since'|\
    'techopt_cost_forecast --until='|\
    'techopt_cost_forecast --until'|\
    'techopt_cost_forecast --default-model='|\
    'techopt_cost_forecast --default-model'|\
    'techopt_cost_forecast --max-line-mb='|\
    'techopt_cost_forecast --max-line-mb'|\
    'techopt_cost_forecast --threads='|\
    'techopt_cost_forecast --threads'|\
    'techopt_cost_forecast --batch-ended-at='|\
    'techopt_cost_forecast --batch-ended-at'|\
    'techopt_cost_forecast --price-date='|\
    'techopt_cost_forecast --price-date'|\
    'techopt_cost_forecast --holdout='|\
    'techopt_cost_forecast --holdout'|\
    'techopt_cost_forecast --top='|\
    'techopt_cost_forecast --top'|\
    'techopt_cost_forecast --webhook='|\
    'techopt_cost_forecast --webhook'|\
    'techopt_cost_forecast --billing-account-id='|\
    'techopt_cost_forecast --billing-account-id'|\
    'techopt_cost_forecast --billing-account-name='|\
    'techopt_cost_forecast --billing-account-name') REPLY=free ;;
    'techopt_cost_forecast --prices='|\
    'techopt_cost_forecast --prices'|\
    'techopt_cost_forecast -o'|\
    'techopt_cost_forecast --out='|\
    'techopt_cost_forecast --out'|\
    'techopt_cost_forecast --budget='|\
    'techopt_cost_forecast --budget'|\
    'techopt_cost_forecast --focus-csv='|\
    'techopt_cost_forecast --focus-csv'|\
    'techopt_cost_forecast --forecast-csv='|\
    'techopt_cost_forecast --forecast-csv') REPLY=files ;;
    'techopt_cost_forecast -f'|\
    'techopt_cost_forecast --format='|\
    'techopt_cost_forecast --format') REPLY='values:table json csv markdown html' ;;
    'techopt_cost_forecast --table='|\
    'techopt_cost_forecast --table') REPLY='values:list notes' ;;
    'techopt_cost_forecast --color='|\
    'techopt_cost_forecast --color') REPLY='values:auto always never' ;;
    'techopt_cost_forecast --horizon='|\
    'techopt_cost_forecast --horizon') REPLY='values:month quarter 30d 90d' ;;
    'techopt_cost_forecast --by='|\
    'techopt_cost_forecast --by') REPLY='values:team model user provider' ;;
    'techopt_route_sim --store='|\
    'techopt_route_sim --store') REPLY=dirs ;;
    'techopt_route_sim --input-format='|\
    'techopt_route_sim --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_route_sim --since='|\
    'techopt_route_sim --since'|\
    'techopt_route_sim --until='|\
    'techopt_route_sim --until'|\
    'techopt_route_sim --default-model='|\
    'techopt_route_sim --default-model'|\
    'techopt_route_sim --max-line-mb='|\
    'techopt_route_sim --max-line-mb'|\
    'techopt_route_sim --threads='|\
    'techopt_route_sim --threads'|\
    'techopt_route_sim --batch-ended-at='|\
    'techopt_route_sim --batch-ended-at'|\
    'techopt_route_sim --price-date='|\
    'techopt_route_sim --price-date'|\
    'techopt_route_sim --weak='|\
    'techopt_route_sim --weak'|\
    'techopt_route_sim --strong='|\
    'techopt_route_sim --strong'|\
    'techopt_route_sim --quality-bar='|\
    'techopt_route_sim --quality-bar'|\
    'techopt_route_sim --threshold='|\
    'techopt_route_sim --threshold'|\
    'techopt_route_sim --prior-strength='|\
    'techopt_route_sim --prior-strength'|\
    'techopt_route_sim --target-quality='|\
    'techopt_route_sim --target-quality'|\
    'techopt_route_sim --max-strong-share='|\
    'techopt_route_sim --max-strong-share'|\
    'techopt_route_sim --neighbours='|\
    'techopt_route_sim --neighbours') REPLY=free ;;
    'techopt_route_sim --prices='|\
    'techopt_route_sim --prices'|\
    'techopt_route_sim -o'|\
    'techopt_route_sim --out='|\
    'techopt_route_sim --out'|\
    'techopt_route_sim --pool='|\
    'techopt_route_sim --pool') REPLY=files ;;
    'techopt_route_sim -f'|\
    'techopt_route_sim --format='|\
    'techopt_route_sim --format') REPLY='values:table json csv markdown html' ;;
    'techopt_route_sim --table='|\
    'techopt_route_sim --table') REPLY='values:list notes' ;;
    'techopt_route_sim --color='|\
    'techopt_route_sim --color') REPLY='values:auto always never' ;;
    'techopt_route_sim --embedder='|\
    'techopt_route_sim --embedder') REPLY='values:minilm hash openai:text-embedding-3-small openai:text-embedding-3-large' ;;
    'techopt_cache_warm --store='|\
    'techopt_cache_warm --store'|\
    'techopt_cache_warm --index='|\
    'techopt_cache_warm --index') REPLY=dirs ;;
    'techopt_cache_warm --input-format='|\
    'techopt_cache_warm --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_cache_warm --since='|\
    'techopt_cache_warm --since'|\
    'techopt_cache_warm --until='|\
    'techopt_cache_warm --until'|\
    'techopt_cache_warm --default-model='|\
    'techopt_cache_warm --default-model'|\
    'techopt_cache_warm --max-line-mb='|\
    'techopt_cache_warm --max-line-mb'|\
    'techopt_cache_warm --threads='|\
    'techopt_cache_warm --threads'|\
    'techopt_cache_warm --batch-ended-at='|\
    'techopt_cache_warm --batch-ended-at'|\
    'techopt_cache_warm --price-date='|\
    'techopt_cache_warm --price-date'|\
    'techopt_cache_warm --top='|\
    'techopt_cache_warm --top'|\
    'techopt_cache_warm --min-count='|\
    'techopt_cache_warm --min-count'|\
    'techopt_cache_warm --half-life-days='|\
    'techopt_cache_warm --half-life-days'|\
    'techopt_cache_warm --ttl='|\
    'techopt_cache_warm --ttl'|\
    'techopt_cache_warm --namespace='|\
    'techopt_cache_warm --namespace'|\
    'techopt_cache_warm --redis='|\
    'techopt_cache_warm --redis'|\
    'techopt_cache_warm --qdrant='|\
    'techopt_cache_warm --qdrant'|\
    'techopt_cache_warm --collection='|\
    'techopt_cache_warm --collection'|\
    'techopt_cache_warm --endpoint='|\
    'techopt_cache_warm --endpoint'|\
    'techopt_cache_warm --max-usd='|\
    'techopt_cache_warm --max-usd'|\
    'techopt_cache_warm --model='|\
    'techopt_cache_warm --model'|\
    'techopt_cache_warm --max-tokens='|\
    'techopt_cache_warm --max-tokens'|\
    'techopt_cache_warm --api-key-env='|\
    'techopt_cache_warm --api-key-env'|\
    'techopt_cache_warm --parallel='|\
    'techopt_cache_warm --parallel'|\
    'techopt_cache_warm --rpm='|\
    'techopt_cache_warm --rpm') REPLY=free ;;
    'techopt_cache_warm --prices='|\
    'techopt_cache_warm --prices'|\
    'techopt_cache_warm -o'|\
    'techopt_cache_warm --out='|\
    'techopt_cache_warm --out'|\
    'techopt_cache_warm --l1-snapshot='|\
    'techopt_cache_warm --l1-snapshot'|\
    'techopt_cache_warm --checkpoint='|\
    'techopt_cache_warm --checkpoint') REPLY=files ;;
    'techopt_cache_warm -f'|\
    'techopt_cache_warm --format='|\
    'techopt_cache_warm --format') REPLY='values:table json csv markdown html' ;;
    'techopt_cache_warm --table='|\
    'techopt_cache_warm --table') REPLY='values:list notes' ;;
    'techopt_cache_warm --color='|\
    'techopt_cache_warm --color') REPLY='values:auto always never' ;;
    'techopt_cache_warm --embedder='|\
    'techopt_cache_warm --embedder') REPLY='values:minilm hash openai:text-embedding-3-small openai:text-embedding-3-large' ;;
    'techopt_cache_warm_calibrate -f'|\
    'techopt_cache_warm_calibrate --format='|\
    'techopt_cache_warm_calibrate --format') REPLY='values:table json csv markdown html' ;;
    'techopt_cache_warm_calibrate --table='|\
    'techopt_cache_warm_calibrate --table') REPLY='values:list notes' ;;
    'techopt_cache_warm_calibrate --color='|\
    'techopt_cache_warm_calibrate --color') REPLY='values:auto always never' ;;
    'techopt_cache_warm_calibrate -o'|\
    'techopt_cache_warm_calibrate --out='|\
    'techopt_cache_warm_calibrate --out'|\
    'techopt_cache_warm_calibrate --pairs='|\
    'techopt_cache_warm_calibrate --pairs') REPLY=files ;;
    'techopt_cache_warm_calibrate --limit='|\
    'techopt_cache_warm_calibrate --limit'|\
    'techopt_cache_warm_calibrate --seed='|\
    'techopt_cache_warm_calibrate --seed'|\
    'techopt_cache_warm_calibrate --min-precision='|\
    'techopt_cache_warm_calibrate --min-precision') REPLY=free ;;
    'techopt_cache_warm_calibrate --embedder='|\
    'techopt_cache_warm_calibrate --embedder') REPLY='values:minilm hash openai:text-embedding-3-small openai:text-embedding-3-large' ;;
    'techopt_cache_warm_simulate --store='|\
    'techopt_cache_warm_simulate --store'|\
    'techopt_cache_warm_simulate --index='|\
    'techopt_cache_warm_simulate --index') REPLY=dirs ;;
    'techopt_cache_warm_simulate --input-format='|\
    'techopt_cache_warm_simulate --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_cache_warm_simulate --since='|\
    'techopt_cache_warm_simulate --since'|\
    'techopt_cache_warm_simulate --until='|\
    'techopt_cache_warm_simulate --until'|\
    'techopt_cache_warm_simulate --default-model='|\
    'techopt_cache_warm_simulate --default-model'|\
    'techopt_cache_warm_simulate --max-line-mb='|\
    'techopt_cache_warm_simulate --max-line-mb'|\
    'techopt_cache_warm_simulate --threads='|\
    'techopt_cache_warm_simulate --threads'|\
    'techopt_cache_warm_simulate --batch-ended-at='|\
    'techopt_cache_warm_simulate --batch-ended-at'|\
    'techopt_cache_warm_simulate --price-date='|\
    'techopt_cache_warm_simulate --price-date'|\
    'techopt_cache_warm_simulate --l1-entries='|\
    'techopt_cache_warm_simulate --l1-entries'|\
    'techopt_cache_warm_simulate --l1-ttl='|\
    'techopt_cache_warm_simulate --l1-ttl'|\
    'techopt_cache_warm_simulate --l2-entries='|\
    'techopt_cache_warm_simulate --l2-entries'|\
    'techopt_cache_warm_simulate --l2-ttl='|\
    'techopt_cache_warm_simulate --l2-ttl'|\
    'techopt_cache_warm_simulate --threshold='|\
    'techopt_cache_warm_simulate --threshold'|\
    'techopt_cache_warm_simulate --l3-ttl='|\
    'techopt_cache_warm_simulate --l3-ttl'|\
    'techopt_cache_warm_simulate --semantic-entries='|\
    'techopt_cache_warm_simulate --semantic-entries'|\
    'techopt_cache_warm_simulate --namespace='|\
    'techopt_cache_warm_simulate --namespace'|\
    'techopt_cache_warm_simulate --queries='|\
    'techopt_cache_warm_simulate --queries'|\
    'techopt_cache_warm_simulate --seed='|\
    'techopt_cache_warm_simulate --seed'|\
    'techopt_cache_warm_simulate --policy='|\
    'techopt_cache_warm_simulate --policy'|\
    'techopt_cache_warm_simulate --max-error='|\
    'techopt_cache_warm_simulate --max-error'|\
    'techopt_cache_warm_simulate --min-score='|\
    'techopt_cache_warm_simulate --min-score') REPLY=free ;;
    'techopt_cache_warm_simulate --prices='|\
    'techopt_cache_warm_simulate --prices'|\
    'techopt_cache_warm_simulate -o'|\
    'techopt_cache_warm_simulate --out='|\
    'techopt_cache_warm_simulate --out'|\
    'techopt_cache_warm_simulate --calibration='|\
    'techopt_cache_warm_simulate --calibration'|\
    'techopt_cache_warm_simulate --pairs='|\
    'techopt_cache_warm_simulate --pairs'|\
    'techopt_cache_warm_simulate --decisions='|\
    'techopt_cache_warm_simulate --decisions') REPLY=files ;;
    'techopt_cache_warm_simulate -f'|\
    'techopt_cache_warm_simulate --format='|\
    'techopt_cache_warm_simulate --format') REPLY='values:table json csv markdown html' ;;
    'techopt_cache_warm_simulate --table='|\
    'techopt_cache_warm_simulate --table') REPLY='values:list notes' ;;
    'techopt_cache_warm_simulate --color='|\
    'techopt_cache_warm_simulate --color') REPLY='values:auto always never' ;;
    'techopt_cache_warm_simulate --embedder='|\
    'techopt_cache_warm_simulate --embedder') REPLY='values:minilm hash openai:text-embedding-3-small openai:text-embedding-3-large' ;;
    'techopt_ingest --store='|\
    'techopt_ingest --store') REPLY=dirs ;;
    'techopt_ingest --input-format='|\
    'techopt_ingest --input-format') REPLY='values:canonical openai litellm langfuse otel csv anthropic-batch cassette' ;;
    'techopt_ingest --default-model='|\
    'techopt_ingest --default-model'|\
    'techopt_ingest --max-line-mb='|\
    'techopt_ingest --max-line-mb'|\
    'techopt_ingest --threads='|\
    'techopt_ingest --threads'|\
    'techopt_ingest --batch-ended-at='|\
    'techopt_ingest --batch-ended-at'|\
    'techopt_ingest --price-date='|\
    'techopt_ingest --price-date') REPLY=free ;;
    'techopt_ingest --prices='|\
    'techopt_ingest --prices'|\
    'techopt_ingest -o'|\
    'techopt_ingest --out='|\
    'techopt_ingest --out') REPLY=files ;;
    'techopt_ingest -f'|\
    'techopt_ingest --format='|\
    'techopt_ingest --format') REPLY='values:table json csv markdown html' ;;
    'techopt_ingest --table='|\
    'techopt_ingest --table') REPLY='values:list notes' ;;
    'techopt_ingest --color='|\
    'techopt_ingest --color') REPLY='values:auto always never' ;;
    'techopt_render --kind='|\
    'techopt_render --kind') REPLY='values:analyze-logs cost-forecast ab-report budget-log compress-log cache-warm cache-warm-simulate cache-warm-calibrate route-sim' ;;
    'techopt_render -f'|\
    'techopt_render --format='|\
    'techopt_render --format') REPLY='values:table json csv markdown html' ;;
    'techopt_render --table='|\
    'techopt_render --table') REPLY='values:list notes' ;;
    'techopt_render --color='|\
    'techopt_render --color') REPLY='values:auto always never' ;;
    'techopt_render -o'|\
    'techopt_render --out='|\
    'techopt_render --out') REPLY=files ;;
    'techopt_samples_generate --requests='|\
    'techopt_samples_generate --requests'|\
    'techopt_samples_generate --seed='|\
    'techopt_samples_generate --seed'|\
    'techopt_samples_generate --days='|\
    'techopt_samples_generate --days'|\
    'techopt_samples_generate --start='|\
    'techopt_samples_generate --start') REPLY=free ;;
    'techopt_samples_generate -o'|\
    'techopt_samples_generate --out='|\
    'techopt_samples_generate --out') REPLY=files ;;
    'techopt_samples_generate --color='|\
    'techopt_samples_generate --color') REPLY='values:auto always never' ;;
    *) return 1 ;;
  esac
}

_techopt() {
  local line=${COMP_LINE:0:COMP_POINT} cmd=techopt words i w cur prev kind= prefix= value= cands=()
  read -ra words <<<"$line"
  [[ $line == *[[:space:]] || ${#words[@]} -eq 0 ]] && words+=("")
  cur=${words[${#words[@]}-1]}
  # the command typed so far: the words before the cursor, past option values
  for ((i = 1; i < ${#words[@]} - 1; i++)); do
    w=${words[i]}
    if [[ $w == -* ]]; then
      [[ $w != *=* ]] && _techopt_value "$cmd" "$w" && ((i++))
      continue
    fi
    _techopt_sub "$cmd" "$w"
    [[ -n $REPLY ]] && cmd=$REPLY
  done
  prev=${words[${#words[@]}-2]}
  if ((${#words[@]} > 2)) && [[ $prev == -* && $prev != *=* ]] && _techopt_value "$cmd" "$prev"; then
    kind=$REPLY value=$cur
  elif [[ $cur == --*=* ]] && _techopt_value "$cmd" "${cur%%=*}="; then
    kind=$REPLY prefix=${cur%%=*}= value=${cur#*=}
  fi
  if [[ -n $kind ]]; then
    case $kind in
      values:*) mapfile -t cands < <(compgen -W "${kind#values:}" -- "$value") ;;
      files) compopt -o filenames 2>/dev/null; mapfile -t cands < <(compgen -f -- "$value") ;;
      dirs) compopt -o filenames 2>/dev/null; mapfile -t cands < <(compgen -d -- "$value") ;;
    esac
    ((${#cands[@]})) && cands=("${cands[@]/#/$prefix}")
  else
    _techopt_words "$cmd"
    if [[ $cur == -* ]]; then
      mapfile -t cands < <(compgen -W "$REPLY" -- "$cur")
    else
      mapfile -t cands < <(compgen -W "$SUBS" -- "$cur")
      if ((FILES)); then
        compopt -o filenames 2>/dev/null
        mapfile -t -O ${#cands[@]} cands < <(compgen -f -- "$cur")
      fi
    fi
  fi
  # bash replaces only what follows the last = or : (both in COMP_WORDBREAKS): leave out what precedes it
  local rest=$cur
  [[ $COMP_WORDBREAKS == *=* ]] && rest=${rest##*=}
  [[ $COMP_WORDBREAKS == *:* ]] && rest=${rest##*:}
  local strip=${cur%"$rest"}
  COMPREPLY=("${cands[@]}")
  [[ -n $strip ]] && ((${#COMPREPLY[@]})) && COMPREPLY=("${COMPREPLY[@]#"$strip"}")
  return 0
}
complete -F _techopt techopt
