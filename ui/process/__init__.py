"""Pages of the process registers: 执法全过程记录, 任务推进表, 统计年报 and the published lists."""
