# One image for every FieldOps process; docker-compose.yml picks the command.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ops ops
COPY scheduler scheduler
COPY geo geo
COPY workers workers
RUN pip install . && useradd --create-home fieldops
USER fieldops
ENV FIELDOPS_DATA_DIR=/home/fieldops/data
CMD ["fieldops", "--help"]
